/** The sections of your own settings: shared by the profile, token and SSH key pages. */
export function SettingsNav({ active }: { active: 'profile' | 'tokens' | 'keys' }) {
  const link = (name: typeof active, href: string, label: string) => (
    <a href={href} aria-current={active === name ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="tabs" aria-label="Settings">
      {link('profile', '/settings/profile', 'Profile and password')}
      {link('tokens', '/settings/tokens', 'Access tokens')}
      {link('keys', '/settings/keys', 'SSH keys')}
    </nav>
  );
}
