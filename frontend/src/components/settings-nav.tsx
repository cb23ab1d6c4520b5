/** The sections of your own settings: shared by the profile and token pages. */
export function SettingsNav({ active }: { active: 'profile' | 'tokens' }) {
  const link = (name: typeof active, href: string, label: string) => (
    <a href={href} aria-current={active === name ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="tabs" aria-label="Settings">
      {link('profile', '/settings/profile', 'Profile and password')}
      {link('tokens', '/settings/tokens', 'Access tokens')}
    </nav>
  );
}
