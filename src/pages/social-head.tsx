import { raw } from "hono/html";
import { jsonForScript, type MetaTag, type SocialMeta } from "../cards/social-meta";

export function MetaTags({ tags }: { tags: MetaTag[] }) {
  return (
    <>
      {tags.map((tag) =>
        tag.attribute === "property" ? <meta property={tag.key} content={tag.content} /> : <meta name={tag.key} content={tag.content} />,
      )}
    </>
  );
}

/** The social tags of an article page: meta tags, oEmbed discovery, JSON-LD. */
export function SocialHead({ social, title }: { social: SocialMeta; title: string }) {
  return (
    <>
      <MetaTags tags={social.tags} />
      <link rel="alternate" type="application/json+oembed" href={social.oembedUrl} title={title} />
      <script type="application/ld+json">{raw(jsonForScript(social.jsonLd))}</script>
    </>
  );
}
