import { NO_STORE } from "../http/cache-control";
import { HttpError } from "../http/errors";
import type { SiteConfig } from "../site/config";
import { homeUrl } from "../site/urls";
import { HTML_CONTENT_TYPE, Layout } from "./layout";

/** A real error page (404 unknown, 410 deleted) with a way back home. */
function ErrorPage({ site, heading, message }: { site: SiteConfig; heading: string; message: string }) {
  return (
    <Layout site={site} title={`${heading} – ${site.name}`}>
      <h1>{heading}</h1>
      <p>{message}</p>
      <p>
        <a href={homeUrl(site.url)}>Go to the latest news</a>
      </p>
    </Layout>
  );
}

/** The page for an unknown address, also the app's answer to any unknown path outside the API. */
export function pageNotFound(): HttpError {
  return HttpError.page(404, "Page not found", "There is no article at this address.");
}

/** The HTML answer to an error thrown in page form: never cached. */
export async function errorPageResponse(site: SiteConfig, error: HttpError): Promise<Response> {
  const html = await (<ErrorPage site={site} heading={error.message} message={String(error.details[0] ?? "")} />);
  return new Response(html.toString(), {
    status: error.status,
    headers: { "Content-Type": HTML_CONTENT_TYPE, "Cache-Control": NO_STORE },
  });
}
