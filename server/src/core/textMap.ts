/**
 * A map from text to what was made of it that does not hash the text: a thousand copies of a
 * document are a thousand strings, each of which a Map would read whole to hash before comparing.
 * Here a text is found by its length, then compared with the few texts of that length (a
 * comparison stops at the first differing character); when one length holds many texts they are
 * put in a Map, so no input makes a lookup compare with more than a few.
 */
export class TextMap<V> {
  private static readonly FEW = 8;
  private readonly byLength = new Map<number, Array<{ text: string; value: V }> | Map<string, V>>();

  get(text: string): V | undefined {
    const bucket = this.byLength.get(text.length);
    if (!bucket) return undefined;
    if (bucket instanceof Map) return bucket.get(text);
    for (const b of bucket) if (b.text === text) return b.value;
    return undefined;
  }

  /** The first text equal to this one that was set (as a TextMap of texts to themselves), or this one, now set. */
  intern(this: TextMap<string>, text: string): string {
    const seen = this.get(text);
    if (seen !== undefined) return seen;
    this.set(text, text);
    return text;
  }

  set(text: string, value: V): void {
    const bucket = this.byLength.get(text.length);
    if (!bucket) this.byLength.set(text.length, [{ text, value }]);
    else if (bucket instanceof Map) bucket.set(text, value);
    else {
      const at = bucket.findIndex((b) => b.text === text);
      if (at >= 0) bucket[at] = { text, value };
      else if (bucket.length < TextMap.FEW) bucket.push({ text, value });
      else this.byLength.set(text.length, new Map([...bucket.map((b): [string, V] => [b.text, b.value]), [text, value]]));
    }
  }
}
