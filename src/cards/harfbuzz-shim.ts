import hbWasm from "harfbuzzjs/hb.wasm";

/**
 * Lets satori 0.63.2's bundled text shaper (harfbuzzjs 0.10.0, both pinned) start in workerd.
 * Import this module before satori: satori starts harfbuzz's Emscripten loader as its own
 * module is evaluated, and that loader
 *
 * - reads `self.location.href` when `WorkerGlobalScope` exists, which workerd defines without a
 *   `location`, so the loader throws at once;
 * - compiles the `hb.wasm` bytes embedded in satori's bundle with `WebAssembly.instantiate`,
 *   which workerd forbids ("Wasm code generation disallowed by embedder").
 *
 * The shim gives `self` a placeholder `location` and answers the loader's one
 * `WebAssembly.instantiate(bytes, imports)` call (recognised by Emscripten's import object)
 * with an instance of the same `hb.wasm` from harfbuzzjs 0.10.0, compiled by wrangler at build
 * time, then puts the real `WebAssembly.instantiate` back.
 * (Found in local workerd, December 2026; the bytes satori embeds are harfbuzzjs 0.10.0's.)
 */

const scope = globalThis as { location?: unknown };
scope.location ??= { href: "https://herald.invalid/" };

let substituted = false;

/** Whether the shim has handed harfbuzz the precompiled module (true once satori has started). */
export function harfbuzzShimUsed(): boolean {
  return substituted;
}

const original = WebAssembly.instantiate;

function isEmscriptenImports(imports: unknown): imports is WebAssembly.Imports {
  return typeof imports === "object" && imports !== null && "env" in imports && "wasi_snapshot_preview1" in imports;
}

// Replaced until that one call, then put back: nothing else in the isolate sees the shim.
(WebAssembly as { instantiate: unknown }).instantiate = (source: BufferSource | WebAssembly.Module, imports?: unknown) => {
  if (source instanceof WebAssembly.Module || !isEmscriptenImports(imports)) return original(source as BufferSource, imports as WebAssembly.Imports);
  substituted = true;
  WebAssembly.instantiate = original;
  return Promise.resolve({ module: hbWasm, instance: new WebAssembly.Instance(hbWasm, imports) });
};
