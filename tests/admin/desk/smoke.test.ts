import { expect, it } from "vitest";
import { DeskClient } from "./desk-client";

it("signs in and lists articles", async () => {
  const desk = await new DeskClient().signIn();
  const list = await desk.get("/desk/");
  expect(list.status).toBe(200);
  expect(await list.text()).toContain("<h1>Articles</h1>");
});
