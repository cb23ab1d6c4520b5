export function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address, or you may not see it. <a href="/">Back to the dashboard</a>.
      </p>
    </section>
  );
}
