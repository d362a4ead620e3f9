import { describe, expect, it } from "vitest";
import { paragraphsToHtml, parseByline, parseScrapedText } from "../../../src/articles/ingest/scraped-text";
import { seedText } from "../../helpers";

const PUBLICATIONS = ["FISM News"];

describe("byline", () => {
  it("reads the seed's 'Author, PUBLICATION' line", () => {
    expect(parseByline("Lauren Moye, FISM NEWS", PUBLICATIONS)).toEqual({ authors: ["Lauren Moye"], publication: "FISM NEWS" });
  });

  it("reads several authors and a leading 'By'", () => {
    expect(parseByline("By Jane Roe and John O’Doe, FISM News", PUBLICATIONS)).toEqual({
      authors: ["Jane Roe", "John O’Doe"],
      publication: "FISM News",
    });
    expect(parseByline("Ana Silva, Bo Li & Chris Smith, Example Times", ["Example Times"])?.authors).toEqual([
      "Ana Silva",
      "Bo Li",
      "Chris Smith",
    ]);
  });

  it("does not take a sentence for a byline", () => {
    for (const line of [
      "Three armed drones targeted the residence, officials said.",
      "However, the attack increases tension",
      "Baghdad, Iraq",
      "Photo by John Doe, Reuters",
      "Thousands Rally In Paris, France",
      "Updated at noon, Monday",
      "No comma here",
    ]) {
      expect(parseByline(line, PUBLICATIONS), line).toBeUndefined();
    }
  });

  it("takes 'By' lines without a known publication", () => {
    expect(parseByline("By Jane Roe", PUBLICATIONS)).toEqual({ authors: ["Jane Roe"], publication: "" });
  });
});

describe("scraped text", () => {
  it("parses the seed article: byline, eleven paragraphs after the shortcode, residue removed", () => {
    const parsed = parseScrapedText(seedText, PUBLICATIONS);
    expect(parsed.byline).toEqual({ authors: ["Lauren Moye"], publication: "FISM NEWS" });
    // The shortcode line plus the article's paragraphs.
    expect(parsed.paragraphs[0]).toBe("[elfsight_social_share_buttons id=”1″]");
    expect(parsed.paragraphs.slice(1)).toHaveLength(11);
    expect(parsed.paragraphs[1]).toMatch(/^Three armed drones targeted the Iraqi prime minister’s residence/);
    expect(parsed.paragraphs.at(-1)).toBe(
      "Meanwhile, Iran’s top security official Ali Shamkhani tweeted public condemnation of the attack and called it “a new sedition.”",
    );
    expect(parsed.removedResidue).toEqual(["Leave a Reply", "Your email address will not be published. Required fields are marked *"]);
  });

  it("removes the whole comment form, however much of it was scraped", () => {
    const text = [
      "Body paragraph.",
      "Leave a Reply Cancel reply",
      "Your email address will not be published. Required fields are marked *",
      "Comment *",
      "Name *",
      "Email *",
      "Website",
      "Save my name, email, and website in this browser for the next time I comment.",
      "Post Comment",
    ].join("\n\n");
    const parsed = parseScrapedText(text, PUBLICATIONS);
    expect(parsed.paragraphs).toEqual(["Body paragraph."]);
    expect(parsed.removedResidue).toHaveLength(8);
  });

  it("keeps a paragraph that only mentions the form's words", () => {
    const parsed = parseScrapedText("Readers can leave a reply below, the editor said.\n\nLeave a Reply", PUBLICATIONS);
    expect(parsed.paragraphs).toEqual(["Readers can leave a reply below, the editor said."]);
  });

  it("keeps a last paragraph that is only a form word when no comment form precedes it", () => {
    for (const last of ["Email", "Website", "Comment", "*"]) {
      expect(parseScrapedText(`Body.\n\n${last}`, PUBLICATIONS).paragraphs).toEqual(["Body.", last]);
    }
  });

  it("keeps typographic characters and escapes markup as text", () => {
    const html = paragraphsToHtml(["“Quoted” – it’s <b>not</b> HTML & co.", "line one\nline two"]);
    expect(html).toBe("<p>“Quoted” – it’s &lt;b&gt;not&lt;/b&gt; HTML &amp; co.</p><p>line one<br>line two</p>");
  });

  it("accepts Windows line endings and blank lines with spaces", () => {
    const parsed = parseScrapedText("Jane Roe, FISM NEWS\r\n\r\nOne.\r\n  \r\nTwo.", PUBLICATIONS);
    expect(parsed.paragraphs).toEqual(["One.", "Two."]);
  });
});
