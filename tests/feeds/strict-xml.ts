import { SaxesParser } from "saxes";

export interface XmlElement {
  /** Qualified name as written ("atom:link"). */
  name: string;
  /** Namespace URI the name resolves to. */
  uri: string;
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA content, joined. */
  text: string;
}

/**
 * Parses with saxes, a strict, namespace-aware XML parser: any well-formedness error or
 * undeclared namespace prefix throws, as it would in a strict feed reader.
 */
export function parseStrictXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on("error", (err) => {
    failure ??= err;
  });
  parser.on("opentag", (tag) => {
    const element: XmlElement = {
      name: tag.name,
      uri: tag.uri ?? "",
      local: tag.local ?? tag.name,
      attributes: Object.fromEntries(
        Object.values(tag.attributes).map((a) => [typeof a === "string" ? a : a.name, typeof a === "string" ? a : a.value]),
      ),
      children: [],
      text: "",
    };
    stack.at(-1)?.children.push(element);
    stack.push(element);
    root ??= element;
  });
  const addText = (text: string) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => stack.pop());
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error("no root element");
  return root;
}

/** Every descendant element with this qualified name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}

export function findOne(element: XmlElement, name: string): XmlElement {
  const found = findAll(element, name)[0];
  if (!found) throw new Error(`no <${name}> in <${element.name}>`);
  return found;
}
