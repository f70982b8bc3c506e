function ErrorPage({ title }: { title: string }) {
  return (
    <main>
      <h1>{title}</h1>
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </main>
  );
}

/** The page for a path no route serves, the same in every page app. */
export const NotFound = () => <ErrorPage title="Page not found" />;

/** The page for an error a route did not handle; what went wrong stays in the server's log. */
export const SomethingWentWrong = () => <ErrorPage title="Something went wrong" />;
