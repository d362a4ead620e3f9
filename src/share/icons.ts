import { isTag, type Element } from "domhandler";
import render from "dom-serializer";
import { parseDocument } from "htmlparser2";
import type { SimpleIcon } from "simple-icons";
import chatDots from "bootstrap-icons/icons/chat-dots.svg";
import envelope from "bootstrap-icons/icons/envelope.svg";
import link from "bootstrap-icons/icons/link-45deg.svg";
import linkedin from "bootstrap-icons/icons/linkedin.svg";
import teams from "bootstrap-icons/icons/microsoft-teams.svg";
import printer from "bootstrap-icons/icons/printer.svg";
import share from "bootstrap-icons/icons/share.svg";

/** An icon as an SVG symbol: its viewBox and inner markup. */
export interface ShareIcon {
  viewBox: string;
  body: string;
}

/** Brand icons from simple-icons (24×24 paths). */
export function fromSimpleIcon(icon: SimpleIcon): ShareIcon {
  return { viewBox: "0 0 24 24", body: `<path d="${icon.path}"/>` };
}

/** Icons simple-icons does not carry (LinkedIn, Teams and generic actions), from bootstrap-icons' SVG files. */
function fromSvgFile(svg: string): ShareIcon {
  const root = parseDocument(svg).children.find((node): node is Element => isTag(node) && node.name === "svg");
  if (!root) throw new Error("icon file without <svg>");
  return { viewBox: root.attribs.viewBox ?? "0 0 16 16", body: render(root.children, { xmlMode: true }).replace(/\s*\n\s*/g, "") };
}

export const GENERIC_ICONS = {
  linkedin: fromSvgFile(linkedin),
  teams: fromSvgFile(teams),
  email: fromSvgFile(envelope),
  link: fromSvgFile(link),
  share: fromSvgFile(share),
  print: fromSvgFile(printer),
  sms: fromSvgFile(chatDots),
};
