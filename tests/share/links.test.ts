import { describe, expect, it } from "vitest";
import { platformShareUrl, type ShareTarget, trimGraphemes } from "../../src/share/links";
import { findNetwork, NETWORKS } from "../../src/share/networks";

const seed: ShareTarget = {
  url: "https://news.example/articles/iraqi-prime-minister-survives-drone-attack",
  title: "Iraqi prime minister survives drone attack on his Baghdad residence",
  text: "Three armed drones targeted the Iraqi prime minister’s residence.",
  image: "https://news.example/cards/iraqi.png?v=1",
  tags: ["Iraq", "Middle East"],
};
const url = (id: string, target: ShareTarget = seed) => platformShareUrl(findNetwork(id)!, target);
const e = encodeURIComponent;

describe("platform share URLs for the seed article", () => {
  it("match each platform's documented intent", () => {
    const u = e(seed.url);
    const t = e(seed.title);
    expect(url("facebook")).toBe(`https://www.facebook.com/sharer/sharer.php?u=${u}`);
    expect(url("x")).toBe(`https://x.com/intent/tweet?url=${u}&text=${t}`);
    expect(url("linkedin")).toBe(`https://www.linkedin.com/sharing/share-offsite/?url=${u}`);
    expect(url("whatsapp")).toBe(`https://wa.me/?text=${e(`${seed.title} ${seed.url}`)}`);
    expect(url("telegram")).toBe(`https://t.me/share/url?url=${u}&text=${t}`);
    expect(url("reddit")).toBe(`https://www.reddit.com/submit?url=${u}&title=${t}`);
    expect(url("bluesky")).toBe(`https://bsky.app/intent/compose?text=${e(`${seed.title} ${seed.url}`)}`);
    expect(url("threads")).toBe(`https://www.threads.com/intent/post?url=${u}&text=${t}`);
    expect(url("email")).toBe(`mailto:?subject=${t}&body=${e(`${seed.text}\n\n${seed.url}`)}`);
    expect(url("pinterest")).toBe(`https://www.pinterest.com/pin/create/button/?url=${u}&media=${e(seed.image!)}&description=${t}`);
    expect(url("hackernews")).toBe(`https://news.ycombinator.com/submitlink?u=${u}&t=${t}`);
    expect(url("tumblr")).toBe(
      `https://www.tumblr.com/widgets/share/tool?canonicalUrl=${u}&title=${t}&caption=${e(seed.text)}&tags=${e("Iraq,Middle East")}`,
    );
    expect(url("flipboard")).toBe(`https://share.flipboard.com/bookmarklet/popout?v=2&url=${u}&title=${t}`);
    expect(url("line")).toBe(`https://social-plugins.line.me/lineit/share?url=${u}`);
    expect(url("vk")).toBe(`https://vk.com/share.php?url=${u}&title=${t}&image=${e(seed.image!)}`);
    expect(url("odnoklassniki")).toBe(`https://connect.ok.ru/offer?url=${u}&title=${t}&imageUrl=${e(seed.image!)}`);
    expect(url("viber")).toBe(`viber://forward?text=${e(`${seed.title} ${seed.url}`)}`);
    expect(url("teams")).toBe(`https://teams.microsoft.com/share?href=${u}&msgText=${t}`);
    expect(url("lobsters")).toBe(`https://lobste.rs/stories/new?url=${u}&title=${t}`);
    expect(url("sms")).toBe(`sms:?body=${e(`${seed.title} ${seed.url}`)}`);
  });

  it("credits the site's X handle as via", () => {
    expect(url("x", { ...seed, via: "fismnews" })).toBe(`https://x.com/intent/tweet?url=${e(seed.url)}&text=${e(seed.title)}&via=fismnews`);
  });

  it("offers no dead services", () => {
    expect(Object.keys(NETWORKS)).not.toEqual(expect.arrayContaining(["pocket"]));
    for (const dead of ["pocket", "googleplus", "stumbleupon"]) expect(findNetwork(dead)).toBeUndefined();
  });
});

describe("hostile titles", () => {
  const tricky = "Q&A: #1 “quotes” 'and' \"more\"? 100% 🚀🇺🇦 עברית مرحبا";
  const target = { ...seed, title: tricky, url: "https://news.example/articles/q-a?x=1&y=2#frag" };

  it("are encoded exactly once, so the platform receives the original text", () => {
    for (const network of Object.values(NETWORKS).filter((n) => n.kind === "link")) {
      const shared = platformShareUrl(network, target);
      const query = shared.slice(shared.indexOf("?") + 1);
      const values = query.split("&").map((pair) => decodeURIComponent(pair.split("=")[1] ?? ""));
      // Every value decodes back to the original: the URL, or text that carries the title.
      expect(
        values.some((value) => value === target.url || value.includes(tricky)),
        network.id,
      ).toBe(true);
      expect(
        values.filter((value) => value.includes("news.example/articles")).every((value) => value.includes(target.url)),
        network.id,
      ).toBe(true);
      expect(query, network.id).not.toMatch(/[ #"<>]|%25[0-9A-F]{2}/);
    }
    const x = new URL(url("x", target));
    expect(x.searchParams.get("text")).toBe(tricky);
    expect(x.searchParams.get("url")).toBe(target.url);
  });

  it("are trimmed to X's and Bluesky's limits on a grapheme boundary", () => {
    const long = `${"🇺🇦 Слава ".repeat(60)}end`;
    const xText = new URL(url("x", { ...seed, title: long })).searchParams.get("text") ?? "";
    expect([...new Intl.Segmenter().segment(xText)].length).toBeLessThanOrEqual(280 - 24);
    expect(xText.endsWith("…")).toBe(true);
    expect(xText).not.toMatch(/\uD83C$/); // no half of a flag
    const bluesky = new URL(url("bluesky", { ...seed, title: long })).searchParams.get("text") ?? "";
    expect([...new Intl.Segmenter().segment(bluesky)].length).toBeLessThanOrEqual(300);
    expect(bluesky.endsWith(` ${seed.url}`)).toBe(true);
  });

  it("never cuts inside a grapheme", () => {
    expect(trimGraphemes("ab👨‍👩‍👧cd", 4)).toBe("ab👨‍👩‍👧…");
    expect(trimGraphemes("short", 10)).toBe("short");
  });
});
