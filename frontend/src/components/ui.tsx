import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function ErrorNote({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

/** A read-only value with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="copy-field">
      <label>
        <span class="sr-only">{label}</span>
        <input readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/**
 * How to clone: HTTPS with a token, or SSH with a key when the server serves SSH
 * (`sshUrl` is null when it does not, and then there is no switch).
 */
export function CloneInstructions({
  cloneUrl,
  sshUrl = null,
  login,
}: {
  cloneUrl: string;
  sshUrl?: string | null;
  login: string | null;
}) {
  const [protocol, setProtocol] = useState<'https' | 'ssh'>('https');
  const ssh = protocol === 'ssh' && sshUrl !== null;
  const url = ssh ? sshUrl : cloneUrl;
  return (
    <section class="card" aria-labelledby="clone-heading">
      <h2 id="clone-heading">Clone this repository</h2>
      {sshUrl !== null ? (
        <div class="tabs" role="group" aria-label="Clone over">
          {(['https', 'ssh'] as const).map((value) => (
            <button key={value} type="button" aria-pressed={protocol === value} onClick={() => setProtocol(value)}>
              {value === 'https' ? 'HTTPS' : 'SSH'}
            </button>
          ))}
        </div>
      ) : null}
      <CopyField label={ssh ? 'SSH clone URL' : 'HTTPS clone URL'} value={url} />
      <pre>
        <code>{`git clone ${url}`}</code>
      </pre>
      {ssh ? (
        <p>
          Git signs in with your SSH key: add its public half under <a href="/settings/keys">SSH keys</a>.
        </p>
      ) : (
        <p>
          When git asks for credentials, give your login
          {login ? (
            <>
              {' '}
              (<code>{login}</code>)
            </>
          ) : null}{' '}
          as the username and an <a href="/settings/tokens">access token</a> as the password. Your account password does
          not work for git.
        </p>
      )}
      <details>
        <summary>Push an existing repository</summary>
        <pre>
          <code>{`git remote add origin ${url}\ngit push -u origin main`}</code>
        </pre>
      </details>
    </section>
  );
}

/** Initials on a colour derived from the login: no image, so nothing leaves the server. */
export function Avatar({ login, size = 48 }: { login: string; size?: number }) {
  let hash = 0;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const style = {
    width: `${size}px`,
    height: `${size}px`,
    background: `hsl(${hash % 360} 45% 42%)`,
    fontSize: `${size / 2.4}px`,
  };
  return (
    <span class="avatar" style={style} aria-hidden="true">
      {login.slice(0, 1).toUpperCase()}
    </span>
  );
}

/**
 * A destructive action in two steps: the button asks, and only "Yes, …" acts.
 * The question is a group whose buttons are plain buttons, so the keyboard and
 * screen readers reach both without a modal dialog.
 */
export function ConfirmButton({
  label,
  text,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
}: {
  /** The button's accessible name. */
  label: string;
  /** Shorter visible text (the start of `label`), where space is tight. */
  text?: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => unknown;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="danger" aria-label={text ? label : undefined} onClick={() => setAsking(true)}>
        {text ?? label}
      </button>
    );
  }
  const confirm = async () => {
    await onConfirm();
    setAsking(false);
  };
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="small">{question}</span>
      <button type="button" class="danger" ref={confirmRef} disabled={busy} onClick={confirm}>
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** For a `<details>` menu: Escape closes it and gives focus back to its summary. */
export function closeOnEscape(event: KeyboardEvent) {
  const menu = event.currentTarget as HTMLDetailsElement;
  if (event.key !== 'Escape' || !menu.open) return;
  menu.open = false;
  menu.querySelector('summary')?.focus();
}
