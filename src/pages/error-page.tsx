import type { SiteConfig } from "../env";
import { Layout } from "./layout";

/** A real error page (404 unknown, 410 deleted) with a way back home. */
export function ErrorPage({ site, heading, message }: { site: SiteConfig; heading: string; message: string }) {
  return (
    <Layout site={site} title={`${heading} – ${site.name}`}>
      <h1>{heading}</h1>
      <p>{message}</p>
      <p>
        <a href={`${site.url}/`}>Go to the latest news</a>
      </p>
    </Layout>
  );
}
