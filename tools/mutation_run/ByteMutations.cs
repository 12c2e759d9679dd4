namespace CamSharp.MutationRun;

/// <summary>Format-blind mutations of a file's bytes: bit flips, overwrites, truncation, deleted and inserted runs.</summary>
public static class ByteMutations
{
    /// <summary>A mutated copy; <paramref name="headerBias"/> bytes at the start get half the edits, where parsers decide sizes.</summary>
    public static byte[] Mutate(byte[] original, Random rnd, int headerBias = 512)
    {
        if (original.Length == 0) return [(byte)rnd.Next(256)];
        var data = (byte[])original.Clone();
        int Pick() => rnd.Next(Math.Min(data.Length, rnd.Next(2) == 0 ? headerBias : data.Length));
        switch (rnd.Next(7))
        {
            case 0: // flip bits
                for (int k = rnd.Next(1, 5); k > 0; k--) data[Pick()] ^= (byte)(1 << rnd.Next(8));
                return data;
            case 1: // random bytes
                for (int k = rnd.Next(1, 4); k > 0; k--) data[Pick()] = (byte)rnd.Next(256);
                return data;
            case 2: // extreme bytes, which make lengths and dimensions huge or zero
                for (int k = rnd.Next(1, 3); k > 0; k--) data[Pick()] = rnd.Next(2) == 0 ? (byte)0xFF : (byte)0;
                return data;
            case 3: // truncate
                return data.AsSpan(0, rnd.Next(data.Length)).ToArray();
            case 4: // delete a run
                {
                    int at = rnd.Next(data.Length), n = Math.Min(rnd.Next(1, 64), data.Length - at);
                    return [.. data.AsSpan(0, at), .. data.AsSpan(at + n)];
                }
            case 5: // insert a run
                {
                    int at = rnd.Next(data.Length);
                    var junk = new byte[rnd.Next(1, 32)];
                    rnd.NextBytes(junk);
                    return [.. data.AsSpan(0, at), .. junk, .. data.AsSpan(at)];
                }
            default: // duplicate a run elsewhere (repeated chunks, markers, fields)
                {
                    int from = rnd.Next(data.Length), n = Math.Min(rnd.Next(1, 128), data.Length - from), to = rnd.Next(data.Length);
                    return [.. data.AsSpan(0, to), .. data.AsSpan(from, n), .. data.AsSpan(to)];
                }
        }
    }
}
