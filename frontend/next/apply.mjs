// Moves the pages waiting for a backend branch into src/ once that branch is
// in main (see README.md): `node next/apply.mjs releases` from
// frontend/, then `npm run build`. Idempotent.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NEXT = dirname(fileURLToPath(import.meta.url));
const SRC = join(NEXT, '..', 'src');
const E2E = join(NEXT, '..', '..', 'tests', 'e2e');

function patch(file, marker, edits) {
  const path = join(SRC, file);
  let text = readFileSync(path, 'utf8');
  if (text.includes(marker)) return;
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${file}: cannot find ${JSON.stringify(from.slice(0, 60))}`);
    text = text.replace(from, to);
  }
  writeFileSync(path, text);
}

const copy = (from, to) => copyFileSync(join(NEXT, from), to);

/** Insert `text` before `anchor` in a file under tests/e2e, once. */
function insertE2E(file, marker, anchor, text) {
  const path = join(E2E, file);
  const body = readFileSync(path, 'utf8');
  if (body.includes(marker)) return;
  if (!body.includes(anchor)) throw new Error(`${file}: cannot find ${anchor}`);
  writeFileSync(path, body.replace(anchor, `${text}${anchor}`));
}

const FILTER_STEP = readFileSync(join(NEXT, 'e2e', 'spa-filter-step.txt'), 'utf8');
const LAZY = 'const AccountPage = lazy';
const LABELS_ROUTE = '              <Route path="/:owner/:repo/labels"';
const EMBEDDED_END = "  'OrganizationMemberPayload',";
const UPDATES = '  createAccessToken(_result';

const features = {
  releases() {
    copy('src/pages/releases.tsx', join(SRC, 'pages', 'releases.tsx'));
    copy('src/pages/issues.tsx', join(SRC, 'pages', 'issues.tsx'));
    copy('e2e/releases.e2e.mjs', join(E2E, 'releases.e2e.mjs'));
    insertE2E('spa.e2e.mjs', 'filter issues by', "  ['profile lists repositories with their visibility'", FILTER_STEP);
    patch('app.tsx', 'ReleasesPage', [
      [
        LAZY,
        `const releases = () => import('./pages/releases');
const ReleasesPage = lazy(() => releases().then((m) => m.ReleasesPage));
const NewReleasePage = lazy(() => releases().then((m) => m.NewReleasePage));
${LAZY}`,
      ],
      [
        LABELS_ROUTE,
        `              <Route path="/:owner/:repo/releases/new" component={NewReleasePage} />
              <Route path="/:owner/:repo/releases" component={ReleasesPage} />
${LABELS_ROUTE}`,
      ],
      ['|\\/[^/]+\\/[^/]+\\/raw\\/)/;', '|\\/[^/]+\\/[^/]+\\/(?:raw|releases\\/download)\\/)/;'],
    ]);
    patch('components/repo-header.tsx', "'releases'", [
      ["'labels' | 'settings';", "'labels' | 'releases' | 'settings';"],
      ["        {tab('labels',", "        {tab('releases', `${base}/releases`, 'Releases')}\n        {tab('labels',"],
    ]);
    patch('graphql/cache.ts', 'ReleaseConnection', [
      [
        EMBEDDED_END,
        `${EMBEDDED_END}
  'OrganizationMembership',
  'OrganizationMembershipConnection',
  'OrganizationMembershipEdge',
  'ReleaseConnection',
  'ReleaseEdge',
  'ReleaseAssetConnection',
  'ReleaseAssetEdge',
  'ReleasePayload',
  'UploadReleaseAssetPayload',
  'AssignablePayload',`,
      ],
      [
        UPDATES,
        `  createRelease(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'releases');
  },
${UPDATES}`,
      ],
    ]);
    patch('styles.css', '.filters {', [
      [
        '.comments {',
        `.filters { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0 1rem; }
.filters > label { flex: 1 1 9rem; }
.filters > label:first-child { flex: 2 1 14rem; }
.upload { justify-content: flex-start; margin-top: 0.5rem; }
.upload label { flex: 1 1 12rem; }
.comments {`,
      ],
    ]);
  },
};

const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.some((name) => !(name in features))) {
  console.error(`usage: node next/apply.mjs ${Object.keys(features).join('|')} ...`);
  process.exit(2);
}
for (const name of wanted) features[name]();
