// The worker's exports as tests reach them through `cloudflare:workers`.
declare namespace Cloudflare {
  interface Exports {
    default: Fetcher;
  }
}
