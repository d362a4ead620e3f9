import type { MastodonFormProps } from "../share/mastodon";
import { Layout } from "./layout";

/** The small form that asks for the reader's instance: no script, no third-party request. */
export function MastodonForm({ site, article, action, error, value }: MastodonFormProps) {
  return (
    <Layout site={site} title={`Share on Mastodon – ${site.name}`}>
      <h1>Share on Mastodon</h1>
      <p>“{article.title}”</p>
      <form method="post" action={action}>
        <p>
          <label for="instance">Your Mastodon server</label>
          <br />
          <input
            id="instance"
            name="instance"
            type="text"
            inputmode="url"
            autocomplete="url"
            placeholder="mastodon.social"
            required
            value={value}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "instance-error" : undefined}
          />
        </p>
        {error ? (
          <p id="instance-error" role="alert">
            {error}
          </p>
        ) : null}
        <p>
          <button type="submit">Share</button>
        </p>
      </form>
    </Layout>
  );
}
