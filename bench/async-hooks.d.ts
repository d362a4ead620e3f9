// The part of node:async_hooks the harness uses (workerd provides it under nodejs_compat);
// the project does not otherwise need Node's type definitions.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, callback: () => R): R;
    getStore(): T | undefined;
  }
}
