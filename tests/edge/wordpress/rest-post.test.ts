import { describe, expect, it } from "vitest";
import { SLUG_RULE } from "../../../src/articles/slug";
import { mapRestPost } from "../../../src/edge/wordpress/rest-post";
import { renderedToText } from "../../../src/edge/wordpress/wordpress-fields";
import { type RestPostJson, recordedPosts } from "./fake-wordpress";

// A REST post (with _embed) → the body of a Herald article PUT, on the recorded posts.

function recorded(id: number): RestPostJson {
  const post = recordedPosts().find((p) => p.id === id);
  if (!post) throw new Error(`no recorded post ${id}`);
  return post;
}

function mapped(post: unknown) {
  const result = mapRestPost(post);
  if (!result.ok) throw new Error(`not mapped: ${result.reason}`);
  return result;
}

function reasonFor(post: unknown): string {
  const result = mapRestPost(post);
  if (result.ok) throw new Error("mapped, but should have failed");
  return result.reason;
}

describe("mapRestPost", () => {
  it("maps the recorded seed post field by field", () => {
    const { slug, article } = mapped(recorded(4211));
    expect(slug).toBe("iraqi-prime-minister-survives-drone-attack");
    expect(article).toMatchObject({
      id: "wp:fismnews.example:4211",
      title: "Iraq’s prime minister survives drone attack on his Baghdad residence",
      authors: [{ name: "Lauren Moye", slug: "lauren-moye" }],
      section: { name: "World", slug: "world" },
      tags: [
        { name: "Iraq", slug: "iraq" },
        { name: "Middle East", slug: "middle-east" },
      ],
      leadImage: {
        url: "https://fismnews.example/wp-content/uploads/2021/11/baghdad-green-zone.jpg",
        alt: "The Green Zone in Baghdad, seen from the Tigris",
        width: 1200,
        height: 800,
      },
      canonicalUrl: "https://fismnews.example/2021/11/07/iraqi-prime-minister-survives-drone-attack/",
      publishedAt: "2021-11-07T14:02:11Z",
      updatedAt: "2021-11-07T16:40:05Z",
      status: "published",
      source: { kind: "wordpress", ref: "4211" },
    });
    // The excerpt as plain text, without WordPress's "[…]" marker.
    expect(article.dek).toMatch(/^Three armed drones targeted the Iraqi prime minister’s residence during the early hours of Sunday\./);
    expect(article.dek).toMatch(/eliminate$/);
    // The body goes to the ingest pipeline as WordPress rendered it (shortcode included).
    expect(article.bodyHtml).toContain("<p>[elfsight_social_share_buttons id=&#8221;1&#8243;]</p>");
  });

  it("decodes entities exactly once and strips tags in titles, excerpts and names", () => {
    const post = recorded(4215);
    post.title.rendered = "AT&amp;T&#8217;s <em>big</em> &amp;#8217; day";
    post.excerpt.rendered = "<p>First&nbsp;line.</p>\n<p>Second <strong>line</strong> &lt;b&gt;</p>\n";
    const { article } = mapped(post);
    expect(article.title).toBe("AT&T’s big &#8217; day");
    expect(article.dek).toBe("First line. Second line <b>");
    expect(article.section).toEqual({ name: "Business & Economy", slug: "business-economy" });
    expect(article.authors).toEqual([{ name: "Zoë Ångström", slug: "zoe-angstrom" }]);
    expect(article.leadImage).toBeNull();
  });

  it("keeps WordPress's own term slugs, Unicode ones too, and leaves out a term with none", () => {
    const post = recorded(4211);
    post._embedded["wp:term"][1].push({ id: 50, name: "חדשות", slug: "%d7%97%d7%93%d7%a9%d7%95%d7%aa", taxonomy: "post_tag" });
    post._embedded["wp:term"][1].push({ id: 51, name: "Café Noir", slug: "caf%c3%a9-noir", taxonomy: "post_tag" });
    post._embedded["wp:term"][1].push({ id: 52, name: "Новости", slug: "not a slug", taxonomy: "post_tag" });
    post._embedded["wp:term"][1].push({ id: 53, name: "🎉", slug: "%f0%9f%8e%89", taxonomy: "post_tag" });
    expect(mapped(post).article.tags).toEqual([
      { name: "Iraq", slug: "iraq" },
      { name: "Middle East", slug: "middle-east" },
      { name: "חדשות", slug: "חדשות" },
      { name: "Café Noir", slug: "café-noir" },
      // No usable WordPress slug: made from the name, as the admin API would.
      { name: "Новости", slug: "новости" },
    ]);
  });

  it("keeps a post WordPress does not call published unpublished", () => {
    const post = recorded(4211);
    post.status = "future";
    expect(mapped(post).article.status).toBe("draft");
  });

  it("gives no dek for an empty excerpt", () => {
    expect(mapped(recorded(4216)).article.dek).toBeNull();
  });

  it("decodes a percent-encoded slug, and fails with a reason when it is not a Herald slug", () => {
    const ascii = recorded(4221);
    ascii.slug = "harbor%2dbridge-reopens";
    expect(mapped(ascii).slug).toBe("harbor-bridge-reopens");
    // WordPress writes non-ASCII slugs percent-encoded in lower-case hex: kept, decoded.
    expect(mapped(recorded(4217)).slug).toBe("חדשות-היום");
    // An NFD spelling is the same slug as its NFC one.
    const decomposed = recorded(4221);
    decomposed.slug = encodeURIComponent("αθήνα".normalize("NFD")).toLowerCase();
    expect(mapped(decomposed).slug).toBe("αθήνα");
    const emoji = recorded(4221);
    emoji.slug = "%f0%9f%8e%89-party";
    expect(reasonFor(emoji)).toBe(`slug "🎉-party" (WordPress: "%f0%9f%8e%89-party") is not a Herald slug: ${SLUG_RULE}`);
    const broken = recorded(4221);
    broken.slug = "bad%e2%82";
    expect(reasonFor(broken)).toBe('slug "bad%e2%82" is not valid percent-encoding');
  });

  it("fails with a reason when the author cannot be read", () => {
    const hidden = recorded(4221);
    hidden._embedded.author = [{ code: "rest_user_invalid_id", message: "Invalid user ID.", data: { status: 404 } }];
    expect(reasonFor(hidden)).toBe("WordPress could not embed the post's author: rest_user_invalid_id (Invalid user ID.)");
    const bare = recorded(4221);
    delete bare._embedded;
    expect(reasonFor(bare)).toBe("the post's author is not embedded (request the posts with _embed)");
  });

  it("fails with a reason for a malformed or password-protected post", () => {
    const noTitle = recorded(4221);
    delete noTitle.title;
    expect(reasonFor(noTitle)).toMatch(/^malformed post: title /);
    expect(reasonFor({ id: "4221" })).toMatch(/^malformed post: id must be a number/);
    expect(reasonFor("<html>")).toMatch(/^malformed post: post must be a WordPress post object/);
    const locked = recorded(4221);
    locked.content = { rendered: "", protected: true };
    expect(reasonFor(locked)).toMatch(/^password-protected/);
  });

  it("leaves out a featured image WordPress could not embed, and sizes it only when known", () => {
    const privateImage = recorded(4211);
    privateImage._embedded["wp:featuredmedia"] = [{ code: "rest_forbidden", message: "Sorry, you are not allowed to do that." }];
    expect(mapped(privateImage).article.leadImage).toBeNull();
    const unsized = recorded(4211);
    unsized._embedded["wp:featuredmedia"][0].media_details = {};
    expect(mapped(unsized).article.leadImage).toMatchObject({ width: undefined, height: undefined });
  });
});

describe("renderedToText", () => {
  it("keeps words apart at block edges and together across inline tags", () => {
    expect(renderedToText("<p>One</p><p>Two<br>Three</p>")).toBe("One Two Three");
    expect(renderedToText("Hel<em>lo</em> wor<b>ld</b>")).toBe("Hello world");
    expect(renderedToText("Title<script>alert(1)</script><style>p{}</style>")).toBe("Title");
  });
});
