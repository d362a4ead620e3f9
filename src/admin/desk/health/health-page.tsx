import { CARD_MAX_BYTES } from "../../../cards/card-design";
import type { PublishFailure } from "../../../publish/failures";
import { deskArticlePath, type FeedFormat, ROUTES } from "../../../site/urls";
import type { DeskUser } from "../desk-env";
import { CsrfField } from "../desk-layout";
import { When } from "../desk-time";
import type { CardHealth } from "./card-health";
import type { FeedFormatHealth, FeedHealth } from "./feed-health";
import type { HubHealth, PublishingHealth } from "./hub-health";

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

function feedName(feed: FeedHealth): string {
  if (feed.scope.kind === "site") return "Site";
  const kind = feed.scope.kind === "author" ? "Author" : "Category";
  return `${kind}: ${feed.name ?? feed.scope.slug}`;
}

function FeedRow({ feed, format }: { feed: FeedHealth; format: FeedFormatHealth }) {
  const label = `${feedName(feed)}, ${FORMAT_NAMES[format.format]}`;
  return (
    <tr>
      <th scope="row">
        <a href={format.url}>{label}</a>
      </th>
      <td>
        <When iso={feed.lastChange} />
      </td>
      <td class="num">{"items" in format.check ? `${format.check.items} of ${feed.published}` : "—"}</td>
      <td>
        {"items" in format.check ? (
          <span class="health-ok">parses</span>
        ) : (
          <>
            <span class="health-bad">does not parse:</span> <code class="health-error">{format.check.error}</code>
          </>
        )}
      </td>
    </tr>
  );
}

function FeedsSection({ feeds }: { feeds: FeedHealth[] }) {
  return (
    <section aria-labelledby="feeds">
      <h2 id="feeds">Feeds</h2>
      <table>
        <caption class="muted">
          The site's feeds and those of the most recently changed authors and categories, each built as its first page is served, then read
          by a strict XML or JSON Feed 1.1 parser. Items: on the first page, of the published articles in the feed.
        </caption>
        <thead>
          <tr>
            <th scope="col">Feed</th>
            <th scope="col">Last change</th>
            <th scope="col" class="num">
              Items
            </th>
            <th scope="col">Parses</th>
          </tr>
        </thead>
        <tbody>
          {feeds.flatMap((feed) =>
            feed.missing ? (
              <tr>
                <th scope="row">{feedName(feed)}</th>
                <td>
                  <When iso={feed.lastChange} />
                </td>
                <td class="num">0</td>
                <td class="muted">no feed: {feed.missing}</td>
              </tr>
            ) : (
              feed.formats.map((format) => <FeedRow feed={feed} format={format} />)
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}

function HubResult({ hub }: { hub: HubHealth }) {
  const ping = hub.lastPing;
  if (!ping) return <span class="muted">not pinged yet</span>;
  if (ping.ok) return <span class="health-ok">ok</span>;
  return (
    <>
      <span class="health-bad">failed:</span> <code class="health-error">{ping.lastError ?? "no error recorded"}</code>
    </>
  );
}

function FailureRow({ failure }: { failure: PublishFailure }) {
  return (
    <tr>
      <th scope="row">
        <code>{failure.jobId}</code>
      </th>
      <td>{failure.kind}</td>
      <td class="num">{failure.attempts}</td>
      <td>
        <code class="health-error">{failure.lastError}</code>
      </td>
      <td>
        <When iso={failure.lastFailedAt} />
      </td>
      <td>{failure.deadLetteredAt ? "dead-lettered" : "retrying"}</td>
    </tr>
  );
}

function PublishingSection({ health }: { health: PublishingHealth }) {
  const { hubs, failures } = health;
  return (
    <section aria-labelledby="hubs">
      <h2 id="hubs">WebSub hubs</h2>
      {hubs.length === 0 ? (
        <p>No WebSub hubs are configured (WEBSUB_HUBS), so feed readers are not told of changes.</p>
      ) : (
        <table>
          <caption class="muted">Each hub's last publish ping, sent from the publish queue after a change.</caption>
          <thead>
            <tr>
              <th scope="col">Hub</th>
              <th scope="col">Last ping</th>
              <th scope="col">Result</th>
              <th scope="col" class="num">
                Feeds named
              </th>
              <th scope="col">Last accepted</th>
            </tr>
          </thead>
          <tbody>
            {hubs.map((hub) => (
              <tr>
                <th scope="row">{hub.hub}</th>
                <td>
                  <When iso={hub.lastPing?.lastPingAt} />
                </td>
                <td>
                  <HubResult hub={hub} />
                </td>
                <td class="num">{hub.lastPing?.topics ?? "—"}</td>
                <td>
                  <When iso={hub.lastPing?.lastOkAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Publish queue failures</h3>
      <p>
        {failures.retrying} {failures.retrying === 1 ? "job" : "jobs"} being retried, {failures.deadLettered} dead-lettered (no more tries).
      </p>
      {failures.latest.length > 0 ? (
        <table>
          <caption class="muted">The latest failed jobs (purges, WebSub pings, card renders).</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Kind</th>
              <th scope="col" class="num">
                Tries
              </th>
              <th scope="col">Last error</th>
              <th scope="col">Last failed</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {failures.latest.map((failure) => (
              <FailureRow failure={failure} />
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="note">
        The admin API lists every failure (<code>GET {ROUTES.publishFailures}</code>) and sends one again (
        <code>POST {ROUTES.publishFailureRetry}</code>), with the admin token as a bearer token.
      </p>
    </section>
  );
}

function CardState({ card }: { card: CardHealth }) {
  if (card.stored === undefined) return <span class="health-warn">not rendered</span>;
  if (card.stored === "unknown") return <span class="health-warn">unknown: the card store did not answer</span>;
  return <span class="health-ok">rendered</span>;
}

function CardSize({ card }: { card: CardHealth }) {
  if (card.stored === undefined || card.stored === "unknown") return <span class="muted">—</span>;
  const size = `${(card.stored.bytes / 1024).toFixed(1)} KB`;
  return card.stored.oversized ? (
    <span class="health-bad">
      {size} (over {CARD_MAX_BYTES / 1024} KB)
    </span>
  ) : (
    <span>{size}</span>
  );
}

/**
 * The three actions on one article, each a small POST form of its own; from the article's desk
 * page they come back to it (`?back=article`), from this page to this page.
 */
export function ArticleActions({ article, user, back }: { article: { slug: string; title: string }; user: DeskUser; back?: "article" }) {
  const { slug, title } = article;
  const query = back ? `?back=${back}` : "";
  const actions = [
    { path: deskArticlePath("articleRerenderCard", slug), label: "Re-render card", aria: `Re-render card for ${title}` },
    { path: deskArticlePath("articlePurge", slug), label: "Purge caches", aria: `Purge caches for ${title}` },
    { path: deskArticlePath("articleReannounce", slug), label: "Re-announce feeds", aria: `Re-announce feeds of ${title}` },
  ].map((action) => ({ ...action, path: `${action.path}${query}` }));
  return (
    <>
      {actions.map((action) => (
        <form method="post" action={action.path}>
          <CsrfField user={user} />
          <button type="submit" class="secondary" aria-label={action.aria}>
            {action.label}
          </button>
        </form>
      ))}
    </>
  );
}

function CardsSection({ cards, user }: { cards: CardHealth[]; user: DeskUser }) {
  return (
    <section aria-labelledby="cards">
      <h2 id="cards">Share cards</h2>
      {cards.length === 0 ? (
        <p>No published articles yet.</p>
      ) : (
        <table>
          <caption class="muted">
            The share card of the current version of the {cards.length} most recently updated published articles, as stored in the card
            store. Drafts' cards are drawn when they are published.
          </caption>
          <thead>
            <tr>
              <th scope="col">Article</th>
              <th scope="col">Card</th>
              <th scope="col">Rendered at</th>
              <th scope="col" class="num">
                Size
              </th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {cards.map((card) => (
              <tr>
                <th scope="row">
                  <a href={deskArticlePath("article", card.article.slug)}>{card.article.title}</a>
                </th>
                <td>
                  <CardState card={card} />{" "}
                  <a href={card.cardUrl} aria-label={`View card of ${card.article.title}`}>
                    view card
                  </a>
                </td>
                <td>
                  <When iso={card.stored === undefined || card.stored === "unknown" ? undefined : card.stored.uploaded} />
                </td>
                <td class="num">
                  <CardSize card={card} />
                </td>
                <td class="health-actions">
                  <ArticleActions article={card.article} user={user} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export interface HealthPageProps {
  feeds: FeedHealth[];
  publishing: PublishingHealth;
  cards: CardHealth[];
  user: DeskUser;
  /** What the action just done reports, in words. */
  done?: string;
}

/** Feeds and publishing health, and the publishing actions on recent articles. */
export function HealthPage({ feeds, publishing, cards, user, done }: HealthPageProps) {
  return (
    <>
      <h1>Publishing health</h1>
      {done ? (
        <p class="flash" role="status">
          {done}
        </p>
      ) : null}
      <FeedsSection feeds={feeds} />
      <PublishingSection health={publishing} />
      <CardsSection cards={cards} user={user} />
    </>
  );
}
