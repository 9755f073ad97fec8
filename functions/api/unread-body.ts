// A request body the worker answered without reading: workerd closes the connection right after
// such an answer (no `Connection: close` first), so a client that sends its next request on that
// kept-alive connection loses it, and a client still writing a large body never sees the answer.
// Reading the rest before answering keeps the connection usable.

/**
 * Reads what is left of the body, read in part or not at all, up to maxBytes (beyond that the
 * sender is told to stop: the connection then closes, as for any body over the platform's limit).
 * A body being read (locked) is left alone; one read to its end or cancelled has nothing left.
 */
export async function discardUnreadBody(request: Request, maxBytes: number): Promise<void> {
  if (!request.body || request.body.locked) return;
  const reader = request.body.getReader();
  try {
    for (let read = 0; read <= maxBytes;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the sender went away: there is no connection left to keep
  }
}
