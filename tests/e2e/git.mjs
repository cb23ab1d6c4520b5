// The real git client for the browser tests: an isolated HOME under a temp
// dir, no system or global configuration, no prompts. A token travels only in
// the environment of each git process (GIT_CONFIG_* entries), never in a URL
// or a file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export class Git {
  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'ingot-e2e-git-'));
    this.home = join(this.root, 'home');
    mkdirSync(this.home);
  }

  /** Run git; `token` goes out as the Basic password on every request. */
  run(args, { cwd = this.root, token = null, check = true, env = {} } = {}) {
    const auth = token ? Buffer.from(`git:${token}`).toString('base64') : null;
    const done = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      timeout: 60000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: this.home,
        LANG: 'C',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: '/bin/false',
        GIT_AUTHOR_NAME: 'Journey Tester',
        GIT_AUTHOR_EMAIL: 'journey@example.org',
        GIT_COMMITTER_NAME: 'Journey Tester',
        GIT_COMMITTER_EMAIL: 'journey@example.org',
        ...(auth ? { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${auth}` } : {}),
        ...env,
      },
    });
    if (check && done.status !== 0) {
      throw new Error(`git ${args.join(' ')} failed (${done.status}):\n${done.stdout}\n${done.stderr}`);
    }
    return done;
  }

  /** A new work tree on branch `main` under the temp dir. */
  init(name) {
    const work = join(this.root, name);
    this.run(['init', '-q', '-b', 'main', work]);
    return work;
  }

  /** Write files (path -> text) into `work` and commit them; returns the new commit id. */
  commit(work, files, message) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), text);
    }
    this.run(['add', '--', ...Object.keys(files)], { cwd: work });
    this.run(['commit', '-q', '-m', message], { cwd: work });
    return this.rev(work, 'HEAD');
  }

  rev(work, what) {
    return this.run(['rev-parse', what], { cwd: work }).stdout.trim();
  }

  cleanup() {
    rmSync(this.root, { recursive: true, force: true });
  }
}
