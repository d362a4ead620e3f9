import hbWasm from "harfbuzzjs/hb.wasm";
import viTrampoline from "./harfbuzz-vi-trampoline.wasm";

/**
 * Lets satori 0.63.2's bundled text shaper (harfbuzzjs 0.10.0, both pinned) start in workerd.
 * Import this module before satori: satori starts harfbuzz's Emscripten loader as its own
 * module is evaluated, and that loader
 *
 * - reads `self.location.href` when `WorkerGlobalScope` exists, which workerd defines without a
 *   `location`, so the loader throws at once;
 * - compiles the `hb.wasm` bytes embedded in satori's bundle, and then, in `addFunction`, a
 *   tiny module that wraps a JS callback (workerd has no `WebAssembly.Function`). workerd
 *   allows compiling wasm while a Worker starts up but not while it serves a request
 *   ("Wasm code generation disallowed by embedder"), and the test runner loads modules
 *   during a request (checked in local workerd 1.20261102.1, December 2026).
 *
 * The shim gives `self` a placeholder `location`, answers the loader's one
 * `WebAssembly.instantiate(bytes, imports)` call (recognised by Emscripten's import object)
 * with an instance of the same `hb.wasm` from harfbuzzjs 0.10.0 compiled by wrangler at build
 * time, and answers the one wrapper harfbuzz's setup compiles (for its `free` callback, type
 * "vi") with the same wrapper, prebuilt: harfbuzz-vi-trampoline.wasm holds the 34 bytes
 * Emscripten's `convertJsFunctionToWasm` writes for that type. Each is put back after its use.
 */

const scope = globalThis as { location?: unknown };
scope.location ??= { href: "https://herald.invalid/" };

let substituted = false;

/** Whether the shim has handed harfbuzz the precompiled module (true once satori has started). */
export function harfbuzzShimUsed(): boolean {
  return substituted;
}

const originalInstantiate = WebAssembly.instantiate;

/** The size of harfbuzzjs 0.10.0's hb.wasm, which satori 0.63.2 embeds: another module's bytes are left alone. */
const HB_WASM_BYTES = 381_964;

function isHarfbuzzLoad(source: unknown, imports: unknown): imports is WebAssembly.Imports {
  const length = ArrayBuffer.isView(source) || source instanceof ArrayBuffer ? source.byteLength : -1;
  return (
    length === HB_WASM_BYTES && typeof imports === "object" && imports !== null && "env" in imports && "wasi_snapshot_preview1" in imports
  );
}

(WebAssembly as { instantiate: unknown }).instantiate = (source: BufferSource | WebAssembly.Module, imports?: unknown) => {
  if (!isHarfbuzzLoad(source, imports)) {
    return originalInstantiate(source as BufferSource, imports as WebAssembly.Imports);
  }
  substituted = true;
  WebAssembly.instantiate = originalInstantiate;
  return Promise.resolve({ module: hbWasm, instance: new WebAssembly.Instance(hbWasm, imports) });
};

/** Emscripten's wrapper for a JS function of type "vi" (i32 → nothing), imported as e.f and exported as f. */
const VI_TRAMPOLINE_BYTES = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 135, 0, 1, 96, 129, 0, 127, 128, 0, 2, 7, 1, 1, 101, 1, 102, 0, 0, 7, 5, 1, 1, 102, 0, 0,
];

const OriginalModule = WebAssembly.Module as unknown as new (bytes: BufferSource) => WebAssembly.Module;

function isViTrampoline(bytes: unknown): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength !== VI_TRAMPOLINE_BYTES.length) return false;
  return VI_TRAMPOLINE_BYTES.every((byte, i) => bytes[i] === byte);
}

function ShimModule(bytes: BufferSource): WebAssembly.Module {
  if (!isViTrampoline(bytes)) return new OriginalModule(bytes);
  (WebAssembly as { Module: unknown }).Module = OriginalModule;
  return viTrampoline;
}
// `instanceof WebAssembly.Module` and its static methods (imports, exports) keep working while the shim stands in.
ShimModule.prototype = OriginalModule.prototype;
Object.setPrototypeOf(ShimModule, OriginalModule);
(WebAssembly as { Module: unknown }).Module = ShimModule;
