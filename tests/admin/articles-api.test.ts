import { describe, expect, it } from "vitest";
import { SHARE_PLACEHOLDER } from "../../src/articles/ingest/share-placeholder";
import { adminApi, htmlArticleInput, request, seedArticleInput, tableCounts } from "../helpers";

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and each field is asserted.
async function json(res: Response): Promise<any> {
  return res.json();
}

describe("admin API: authentication", () => {
  it("rejects a missing token with 401 and a JSON error", async () => {
    const res = await request("/api/articles/some-slug");
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(await json(res)).toMatchObject({ error: "unauthorized" });
  });

  it("rejects a wrong token with 401", async () => {
    const res = await adminApi("GET", "/some-slug", undefined, "wrong-token-of-some-length");
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ error: "unauthorized" });
  });

  it("rejects a token that is a prefix of the real one", async () => {
    const res = await adminApi("GET", "/some-slug", undefined, "test-admin-token");
    expect(res.status).toBe(401);
  });

  it("rejects a malformed Authorization header with 401, as README promises", async () => {
    const res = await request("/api/articles/x", { headers: { Authorization: "Basic abc" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(await json(res)).toMatchObject({ error: "unauthorized" });
  });

  it("checks the token before anything else, so a rejected write writes nothing", async () => {
    const before = await tableCounts();
    const res = await adminApi("PUT", "/no-auth", htmlArticleInput(), "wrong-token-of-some-length");
    expect(res.status).toBe(401);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("admin API: bad input gets a clear 4xx and writes nothing", () => {
  async function expectRejected(res: Promise<Response>, status: number, error: string) {
    const before = await tableCounts();
    const response = await res;
    expect(response.status).toBe(status);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = await json(response);
    expect(body.error).toBe(error);
    expect(Array.isArray(body.details)).toBe(true);
    expect(await tableCounts()).toEqual(before);
    return body;
  }

  it("415 when the body is not declared JSON", async () => {
    const body = await expectRejected(
      request("/api/articles/x", {
        method: "PUT",
        headers: { Authorization: "Bearer test-admin-token-0123456789", "Content-Type": "text/plain" },
        body: JSON.stringify(htmlArticleInput()),
      }),
      415,
      "request body must be JSON",
    );
    expect(body.details[0]).toContain("text/plain");
  });

  it("400 for malformed JSON", async () => {
    await expectRejected(
      request("/api/articles/x", {
        method: "PUT",
        headers: { Authorization: "Bearer test-admin-token-0123456789", "Content-Type": "application/json" },
        body: '{"title": "x",',
      }),
      400,
      "malformed JSON",
    );
  });

  it("413 for a body over 1 MiB, declared or streamed", async () => {
    const huge = JSON.stringify(htmlArticleInput({ bodyHtml: `<p>${"x".repeat(1024 * 1024)}</p>` }));
    await expectRejected(adminApi("PUT", "/too-big", JSON.parse(huge)), 413, "request body too large");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    await expectRejected(
      request("/api/articles/too-big", {
        method: "PUT",
        headers: { Authorization: "Bearer test-admin-token-0123456789", "Content-Type": "application/json" },
        body: stream,
        // @ts-expect-error: streaming request bodies need duplex in the fetch spec
        duplex: "half",
      }),
      413,
      "request body too large",
    );
  });

  it("422 listing every invalid field at once", async () => {
    const body = await expectRejected(
      adminApi("PUT", "/bad-fields", {
        title: "",
        publishedAt: "yesterday",
        authors: [],
        bodyHtml: "<p>x</p>",
        bodyText: "x",
        leadImage: { url: "javascript:alert(1)", alt: "x" },
        colour: "red",
      }),
      422,
      "invalid article",
    );
    const fields = body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["title", "publishedAt", "authors", "leadImage.url", "colour", "bodyHtml"]));
    expect(body.details.find((d: { field: string }) => d.field === "colour").message).toBe("is not a known field");
  });

  it("422 when a required field is missing", async () => {
    const body = await expectRejected(adminApi("PUT", "/missing", { bodyHtml: "<p>x</p>" }), 422, "invalid article");
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: "title", message: "is required" },
        { field: "publishedAt", message: "is required" },
      ]),
    );
  });

  it("422 when no author is given and the text has no byline", async () => {
    const body = await expectRejected(
      adminApi("PUT", "/no-author", { title: "T", publishedAt: "2024-01-01", bodyText: "Just a paragraph." }),
      422,
      "invalid article",
    );
    expect(body.details).toEqual([{ field: "authors", message: "is required (no byline was found in bodyText)" }]);
  });

  it("422 when the body is empty after sanitising", async () => {
    await expectRejected(adminApi("PUT", "/empty", htmlArticleInput({ bodyHtml: "<script>x</script>" })), 422, "invalid article");
  });

  it("422 for impossible dates", async () => {
    for (const publishedAt of ["2021-02-30", "2021-13-01", "0000-01-01T00:00:00+01:00", "2021-11-07T25:00:00Z"]) {
      const body = await expectRejected(adminApi("PUT", "/bad-date", htmlArticleInput({ publishedAt })), 422, "invalid article");
      expect(body.details[0].field).toBe("publishedAt");
    }
  });

  it("422 for a published article dated in the future (nothing would announce it then)", async () => {
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
    const body = await expectRejected(
      adminApi("PUT", "/from-the-future", htmlArticleInput({ publishedAt: tomorrow })),
      422,
      "invalid article",
    );
    expect(body.details[0].field).toBe("publishedAt");
    // As a draft it is fine.
    expect((await adminApi("PUT", "/from-the-future", htmlArticleInput({ publishedAt: tomorrow, status: "draft" }))).status).toBe(201);
  });

  it("422 when the body grows past the stored limit once escaped", async () => {
    const body = await expectRejected(
      adminApi("PUT", "/escaped-growth", htmlArticleInput({ bodyHtml: `<p>${"&".repeat(500_000)}</p>` })),
      422,
      "invalid article",
    );
    expect(body.details[0]).toMatchObject({ field: "bodyHtml" });
    expect(body.details[0].message).toMatch(/bytes once sanitised; the limit is 1048576/);
  });

  it("422 for a JSON value that is not an object", async () => {
    await expectRejected(adminApi("PUT", "/array", [1, 2]), 422, "invalid article");
  });

  it("422 for an invalid slug in the URL, and for a body slug that disagrees", async () => {
    await expectRejected(adminApi("PUT", "/Not_A_Slug", htmlArticleInput()), 422, "invalid article");
    await expectRejected(adminApi("PUT", "/one", htmlArticleInput({ slug: "two" })), 422, "invalid article");
  });

  it("404 for unknown slugs on GET and DELETE, and for unknown API routes", async () => {
    expect((await adminApi("GET", "/no-such-article")).status).toBe(404);
    await expectRejected(adminApi("DELETE", "/no-such-article"), 404, "article not found");
    const res = await adminApi("POST", "/no-such-article/publish");
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ error: "not found" });
  });

  it("409 when a body's id claims a slug that another article holds", async () => {
    const first = await json(await adminApi("PUT", "/holder", htmlArticleInput()));
    await adminApi("PUT", "/other", htmlArticleInput({ id: "other-id" }));
    const body = await expectRejected(adminApi("PUT", "/holder", htmlArticleInput({ id: "other-id" })), 409, "slug already taken");
    expect(body.details[0]).toContain(first.article.id);
  });
});

describe("admin API: create, read, replace", () => {
  it("creates the seed article from scraped text, with byline, placeholder and report", async () => {
    const res = await adminApi("PUT", "/iraq-pm-drone-attack", seedArticleInput());
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe("/api/articles/iraq-pm-drone-attack");
    const body = await json(res);
    expect(body).toMatchObject({ created: true, changed: true, publication: "FISM NEWS", sharePlaceholders: 1 });
    expect(body.removedResidue).toEqual(["Leave a Reply", "Your email address will not be published. Required fields are marked *"]);
    expect(body.warnings).toContain("read the first line as the byline: Lauren Moye, FISM NEWS");
    const article = body.article;
    expect(article.authors).toEqual([{ name: "Lauren Moye", slug: "lauren-moye" }]);
    expect(article.section).toEqual({ name: "World", slug: "world" });
    expect(article.tags).toEqual([
      { name: "Iraq", slug: "iraq" },
      { name: "Middle East", slug: "middle-east" },
    ]);
    expect(article.publishedAt).toBe("2021-11-07T00:00:00.000Z");
    expect(article.updatedAt).toBe("2021-11-07T00:00:00.000Z");
    expect(article.canonicalUrl).toBe("https://news.example/articles/iraq-pm-drone-attack");
    expect(article.source).toEqual({ kind: "text" });
    expect(article.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(article.bodyHtml.startsWith(SHARE_PLACEHOLDER)).toBe(true);
    expect(article.bodyHtml.match(/<p>/g)).toHaveLength(11);
    expect(article.bodyHtml).not.toMatch(/elfsight|Leave a Reply|Lauren Moye/);
  });

  it("re-importing the same text is idempotent: same id, no duplicate, nothing changed", async () => {
    const first = await json(await adminApi("PUT", "/reimport", seedArticleInput()));
    const before = await tableCounts();
    const res = await adminApi("PUT", "/reimport", seedArticleInput());
    expect(res.status).toBe(200);
    const second = await json(res);
    expect(second).toMatchObject({ created: false, changed: false });
    expect(second.article).toEqual(first.article);
    expect(await tableCounts()).toEqual(before);
  });

  it("what GET returns can be sent back with PUT unchanged", async () => {
    await adminApi(
      "PUT",
      "/round-trip",
      htmlArticleInput({
        dek: "A dek.",
        section: { name: "Business", slug: "biz" },
        tags: ["Markets"],
        leadImage: { url: "https://images.example/a.jpg", alt: "A chart", width: 1200, height: 800 },
        bodyHtml: `<p>Intro “quoted” &amp; <a href="/x">link</a>.</p><p>[elfsight_social_share_buttons id=”1″]</p><p>End.</p>`,
      }),
    );
    const got = await json(await adminApi("GET", "/round-trip"));
    const res = await adminApi("PUT", "/round-trip", got);
    expect(res.status).toBe(200);
    const back = await json(res);
    expect(back.changed).toBe(false);
    expect(await json(await adminApi("GET", "/round-trip"))).toEqual(got);
  });

  it("the seed article, imported from text, round-trips as HTML too", async () => {
    await adminApi("PUT", "/seed-round-trip", seedArticleInput());
    const got = await json(await adminApi("GET", "/seed-round-trip"));
    expect((await json(await adminApi("PUT", "/seed-round-trip", got))).changed).toBe(false);
  });

  it("an edit keeps the id and moves updatedAt; an explicit later updatedAt is kept", async () => {
    const first = (await json(await adminApi("PUT", "/edited", htmlArticleInput()))).article;
    const edited = (await json(await adminApi("PUT", "/edited", htmlArticleInput({ title: "A better headline" })))).article;
    expect(edited.id).toBe(first.id);
    expect(edited.title).toBe("A better headline");
    expect(edited.updatedAt > first.updatedAt).toBe(true);
    expect(edited.contentHash).not.toBe(first.contentHash);
    const dated = (await json(await adminApi("PUT", "/edited", htmlArticleInput({ title: "Third", updatedAt: "2099-01-01T00:00:00Z" }))))
      .article;
    expect(dated.updatedAt).toBe("2099-01-01T00:00:00.000Z");
  });

  it("an edit without a status keeps a draft a draft", async () => {
    await adminApi("PUT", "/draft-edit", htmlArticleInput({ status: "draft" }));
    const edited = (await json(await adminApi("PUT", "/draft-edit", htmlArticleInput({ title: "Edited draft" })))).article;
    expect(edited.status).toBe("draft");
  });

  it("strips the shortcode from the title and dek", async () => {
    const article = (
      await json(
        await adminApi(
          "PUT",
          "/titled",
          htmlArticleInput({ title: "Headline [elfsight_social_share_buttons id=”1″]", dek: "[elfsight_social_share_buttons] Dek" }),
        ),
      )
    ).article;
    expect(article.title).toBe("Headline");
    expect(article.dek).toBe("Dek");
  });

  it("stores text as every output carries it: no XML-illegal characters or lone surrogates, LF line ends", async () => {
    // Found by tests/properties: a NUL in a title became U+FFFD in the page's meta tags, a U+FFFF in an
    // alt text vanished from the feeds but not from the JSON API, and a CR in a name read as LF in XML.
    const res = await adminApi(
      "PUT",
      "/portable-text",
      htmlArticleInput({
        title: "Nul\u0000 \uFFFF and \uD800 lone",
        dek: "Line\r\nbreak",
        authors: [{ name: "Jane\rRoe\u001B" }],
        leadImage: { url: "https://images.example/a.jpg", alt: "\uFFFF" },
        bodyHtml: "<p>Body\u0001 text</p>",
      }),
    );
    expect(res.status).toBe(201);
    const { article } = await json(res);
    expect(article.title).toBe("Nul and lone");
    expect(article.dek).toBe("Line\nbreak");
    expect(article.authors[0].name).toBe("Jane\nRoe");
    expect(article.leadImage.alt).toBe("");
    expect(article.bodyHtml).toBe("<p>Body text</p>");
    const feed = await (await request("/feed.json")).json<{ items: { title: string }[] }>();
    expect(feed.items.map((item) => item.title)).toContain("Nul and lone");
  });

  it("stores URLs as the URL standard writes them, so every output prints the same one", async () => {
    // Found by tests/properties: the feeds' links came out percent-encoded, the page's og:url raw.
    const res = await adminApi(
      "PUT",
      "/normalised-urls",
      htmlArticleInput({
        canonicalUrl: 'HTTPS://Origin.Example/2024/a b"<c>',
        leadImage: { url: 'https://Images.Example/a.jpg" onerror="x', alt: "" },
      }),
    );
    expect(res.status).toBe(201);
    const { article } = await json(res);
    expect(article.canonicalUrl).toBe("https://origin.example/2024/a%20b%22%3Cc%3E");
    expect(article.leadImage.url).toBe("https://images.example/a.jpg%22%20onerror=%22x");
  });

  it("replacing an article replaces its authors and tags", async () => {
    await adminApi("PUT", "/replace-terms", htmlArticleInput({ authors: ["A One", "B Two"], tags: ["x", "y", "z"] }));
    const after = (await json(await adminApi("PUT", "/replace-terms", htmlArticleInput({ authors: ["C Three"], tags: ["y"] })))).article;
    expect(after.authors).toEqual([{ name: "C Three", slug: "c-three" }]);
    expect(after.tags).toEqual([{ name: "y", slug: "y" }]);
  });

  it("keeps an imported permalink as the canonical URL", async () => {
    const url = "https://old-site.example/2021/11/07/story/";
    const article = (
      await json(await adminApi("PUT", "/imported", htmlArticleInput({ canonicalUrl: url, bodyHtml: '<p><img src="pic.jpg" alt=""></p>' })))
    ).article;
    expect(article.canonicalUrl).toBe(url);
    expect(article.bodyHtml).toContain('src="https://old-site.example/2021/11/07/story/pic.jpg"');
  });

  it("a body id under a new slug renames the article: same id, old URL answers 301", async () => {
    const created = (await json(await adminApi("PUT", "/old-name", htmlArticleInput()))).article;
    const res = await adminApi("PUT", "/new-name", htmlArticleInput({ id: created.id }));
    expect(res.status).toBe(200);
    const renamed = await json(res);
    expect(renamed.renamedFrom).toBe("old-name");
    expect(renamed.article.id).toBe(created.id);
    expect(renamed.article.canonicalUrl).toBe("https://news.example/articles/new-name");
    expect((await adminApi("GET", "/old-name")).status).toBe(404);

    const page = await request("/articles/old-name", { redirect: "manual" });
    expect(page.status).toBe(301);
    expect(page.headers.get("Location")).toBe("https://news.example/articles/new-name");

    // A GET → PUT round trip of the renamed article (its canonicalUrl is the default) stays put.
    const got = await json(await adminApi("GET", "/new-name"));
    expect((await json(await adminApi("PUT", "/new-name", got))).changed).toBe(false);
  });

  it("an old slug of a renamed article that was then deleted answers 410", async () => {
    const created = (await json(await adminApi("PUT", "/renamed-then-deleted", htmlArticleInput()))).article;
    await adminApi("PUT", "/renamed-then-deleted-2", htmlArticleInput({ id: created.id }));
    await adminApi("DELETE", "/renamed-then-deleted-2");
    expect((await request("/articles/renamed-then-deleted", { redirect: "manual" })).status).toBe(410);
  });

  it("a new article at an old slug takes it over from the redirect", async () => {
    const created = (await json(await adminApi("PUT", "/slug-a", htmlArticleInput()))).article;
    await adminApi("PUT", "/slug-b", htmlArticleInput({ id: created.id }));
    const fresh = await adminApi("PUT", "/slug-a", htmlArticleInput({ title: "Different story" }));
    expect(fresh.status).toBe(201);
    expect((await request("/articles/slug-a", { redirect: "manual" })).status).toBe(200);
  });

  it("lists articles newest first with a cursor for the next page", async () => {
    for (const [slug, date] of [
      ["list-1", "2026-01-01"],
      ["list-2", "2026-01-03"],
      ["list-3", "2026-01-02"],
    ] as const) {
      await adminApi("PUT", `/${slug}`, htmlArticleInput({ publishedAt: date }));
    }
    const first = await json(await adminApi("GET", "?limit=2&status=published"));
    expect(first.articles.map((a: { slug: string }) => a.slug)).toEqual(["list-2", "list-3"]);
    expect(typeof first.nextCursor).toBe("string");
    const second = await json(await adminApi("GET", `?limit=2&status=published&cursor=${first.nextCursor}`));
    expect(second.articles[0].slug).toBe("list-1");
    expect((await adminApi("GET", "?limit=0")).status).toBe(400);
    expect((await adminApi("GET", "?cursor=garbage")).status).toBe(400);
  });
});

describe("admin API: delete", () => {
  it("tombstones an article: it stays deleted, its id and slug are never reused", async () => {
    const created = (await json(await adminApi("PUT", "/to-delete", htmlArticleInput()))).article;
    const res = await adminApi("DELETE", "/to-delete");
    expect(res.status).toBe(200);
    const deleted = await json(res);
    expect(deleted).toMatchObject({ id: created.id, status: "deleted" });

    // Deleting again is harmless; the tombstone is still readable by the admin.
    expect((await adminApi("DELETE", "/to-delete")).status).toBe(200);
    expect((await json(await adminApi("GET", "/to-delete"))).status).toBe("deleted");

    // The public page says it is gone; the home page does not list it.
    expect((await request("/articles/to-delete")).status).toBe(410);
    expect(await (await request("/")).text()).not.toContain("/articles/to-delete");

    // A re-import does not bring it back by accident…
    const before = await tableCounts();
    const again = await adminApi("PUT", "/to-delete", htmlArticleInput());
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: "article was deleted" });
    expect(await tableCounts()).toEqual(before);
    // …nor can a new article take its id.
    expect((await adminApi("PUT", "/another", htmlArticleInput({ id: created.id }))).status).toBe(409);

    // Sending back what GET returns for the tombstone is a no-op…
    const tombstone = await json(await adminApi("GET", "/to-delete"));
    const noop = await adminApi("PUT", "/to-delete", tombstone);
    expect(noop.status).toBe(200);
    expect(await json(noop)).toMatchObject({ changed: false });
    // …but the tombstone cannot be moved to another slug, which would free its URL.
    expect((await adminApi("PUT", "/moved-tombstone", { ...tombstone, slug: "moved-tombstone" })).status).toBe(409);
    expect((await request("/articles/to-delete")).status).toBe(410);

    // Restoring is an explicit act, and keeps the id.
    const restored = await json(await adminApi("PUT", "/to-delete", htmlArticleInput({ status: "published" })));
    expect(restored.article).toMatchObject({ id: created.id, status: "published" });
  });
});
