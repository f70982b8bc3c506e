/** The page for a path no route serves, the same in every page app. */
export function NotFound() {
  return (
    <main>
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </main>
  );
}
