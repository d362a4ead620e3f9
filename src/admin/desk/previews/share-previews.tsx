import type { Child } from "hono/jsx";
import { ASPECT_LABELS, PLATFORM_IDS, PLATFORMS, type PlatformId } from "./platforms";
import type { PlatformPreview, PreviewImage, ShownText } from "./preview";

function PreviewPicture({ image, extra }: { image?: PreviewImage; extra?: Child }) {
  if (!image) return null;
  return (
    <div class={`frame frame-${image.size}`}>
      <img class={`crop crop-${image.aspect}`} src={image.src} alt={image.alt} decoding="async" />
      {extra}
    </div>
  );
}

/** A cut string shows its whole text to whoever hovers or reads it out (title). */
function Shown({ shown, class: className }: { shown?: ShownText; class: string }) {
  if (!shown) return null;
  return (
    <p class={className} title={shown.cut ? shown.full : undefined}>
      {shown.text}
    </p>
  );
}

function Labels({ preview }: { preview: PlatformPreview }) {
  if (preview.labels.length === 0) return null;
  return (
    <dl class="labels">
      {preview.labels.map((pair) => (
        <div>
          <dt>{pair.label}</dt>
          <dd>{pair.data}</dd>
        </div>
      ))}
    </dl>
  );
}

function Creators({ preview }: { preview: PlatformPreview }) {
  if (preview.creators.length === 0) return null;
  return <p class="creator">More from {preview.creators.join(", ")}</p>;
}

/**
 * Each platform's unfurl, roughly in its own arrangement: which parts come first, and where
 * the image sits. The texts and crops come from the preview data; only the order is here.
 */
const LAYOUTS: Record<PlatformId, (preview: PlatformPreview) => Child> = {
  facebook: (p) => (
    <>
      <PreviewPicture image={p.image} />
      <div class="text">
        <p class="site upper">{p.site}</p>
        <Shown class="title" shown={p.title} />
        <Shown class="desc" shown={p.description} />
      </div>
    </>
  ),
  x: (p) => (
    <>
      <PreviewPicture image={p.image} extra={<Shown class="title overlay" shown={p.title} />} />
      <p class="site">From {p.site}</p>
    </>
  ),
  linkedin: (p) => (
    <>
      <PreviewPicture image={p.image} />
      <div class="text">
        <Shown class="title" shown={p.title} />
        <p class="site">{p.site}</p>
      </div>
    </>
  ),
  slack: (p) => (
    <div class="bar">
      <p class="site strong">{p.site}</p>
      <Shown class="title link" shown={p.title} />
      <Shown class="desc" shown={p.description} />
      <Labels preview={p} />
      <PreviewPicture image={p.image} />
    </div>
  ),
  discord: (p) => (
    <div class="bar theme">
      <p class="site small">{p.site}</p>
      <Shown class="title link" shown={p.title} />
      <Shown class="desc" shown={p.description} />
      <PreviewPicture image={p.image} />
    </div>
  ),
  whatsapp: (p) => (
    <div class="bubble">
      <PreviewPicture image={p.image} />
      <div class="text">
        <Shown class="title" shown={p.title} />
        <Shown class="desc" shown={p.description} />
        <p class="site small">{p.site}</p>
      </div>
    </div>
  ),
  telegram: (p) => (
    <div class="bar">
      <p class="site strong">{p.site}</p>
      <Shown class="title" shown={p.title} />
      <Shown class="desc" shown={p.description} />
      <PreviewPicture image={p.image} />
    </div>
  ),
  imessage: (p) => (
    <div class="bubble">
      <PreviewPicture image={p.image} />
      <div class="text">
        <Shown class="title" shown={p.title} />
        <p class="site small">{p.site}</p>
      </div>
    </div>
  ),
  mastodon: (p) => (
    <>
      <PreviewPicture image={p.image} />
      <div class="text">
        <p class="site small">{p.site}</p>
        <Shown class="title" shown={p.title} />
        <Shown class="desc" shown={p.description} />
      </div>
      <Creators preview={p} />
    </>
  ),
  bluesky: (p) => (
    <>
      <PreviewPicture image={p.image} />
      <div class="text">
        <Shown class="title" shown={p.title} />
        <Shown class="desc" shown={p.description} />
        <p class="site small rule-above">{p.site}</p>
      </div>
    </>
  ),
};

/** The rules the previews follow, with their sources, for whoever doubts a preview. */
function PlatformRules() {
  return (
    <details class="platform-rules">
      <summary>The rules these previews follow, and their sources</summary>
      <table>
        <caption>Limits are approximations of each platform's lines unless the source documents a number.</caption>
        <thead>
          <tr>
            <th scope="col">Platform</th>
            <th scope="col" class="num">
              Headline
            </th>
            <th scope="col" class="num">
              Description
            </th>
            <th scope="col">Image</th>
            <th scope="col">Site shown</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {PLATFORM_IDS.map((id) => {
            const rule = PLATFORMS[id];
            return (
              <tr>
                <th scope="row">{rule.name}</th>
                <td class="num">{`${rule.titleMaxChars} (${rule.titleMaxLines} line${rule.titleMaxLines > 1 ? "s" : ""})`}</td>
                <td class="num">{rule.showsDescription ? rule.descriptionMaxChars : "not shown"}</td>
                <td>{ASPECT_LABELS[rule.imageAspect]}</td>
                <td>{rule.site === "site_name" ? "og:site_name" : "domain"}</td>
                <td class="source">{rule.source}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

/** The side-by-side previews of one article's link on every platform. */
export function SharePreviews({ previews }: { previews: PlatformPreview[] }) {
  return (
    <section aria-labelledby="previews-heading">
      <h2 id="previews-heading">Share previews</h2>
      <p class="note">
        Approximations drawn from Herald's tags; each platform's own rendering differs by app and version. Cut text shows in full when
        hovered.
      </p>
      <PlatformRules />
      <ul class="previews">
        {previews.map((preview) => (
          <li class={`preview preview-${preview.platform}`} data-platform={preview.platform}>
            <h3>{preview.name}</h3>
            <div class="unfurl">{LAYOUTS[preview.platform](preview)}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
