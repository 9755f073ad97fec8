// The worker's exports and bindings as tests reach them through `cloudflare:workers`.
declare namespace Cloudflare {
  interface Exports {
    default: Fetcher;
  }
  interface Env {
    SPECIES: KVNamespace;
  }
}
