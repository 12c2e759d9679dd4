using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace CamSharp.MutationRun;

/// <summary>
/// Mutations of .npy files: half are byte edits, half rewrite the header the way a hostile
/// or broken writer would (huge or negative shapes, many axes, foreign element types,
/// Fortran order, other format versions, lying header lengths such as a 1 GB header).
/// </summary>
public static partial class NpyMutator
{
    private static readonly string[] Descrs = ["<f4", ">f4", "<f8", "<f2", "<i8", "<i4", "|u1", "|b1", "<c8", "|O", "<U3", "<V4", "f4", ""];
    private static readonly string[] Dims = ["0", "1", "3", "-1", "64", "1000000000", "2147483647", "2147483648", "99999999999999999999", "1L", "x", ""];

    public static byte[] Mutate(byte[] original, Random rnd)
    {
        if (rnd.Next(2) == 0 || original.Length < 10) return ByteMutations.Mutate(original, rnd, headerBias: 128);
        var data = (byte[])original.Clone();
        int headerLen = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(8));
        if (10 + headerLen > data.Length) return data;
        string header = Encoding.Latin1.GetString(data, 10, headerLen);
        switch (rnd.Next(6))
        {
            case 0: header = ShapeRegex().Replace(header, $"'shape': ({RandomShape(rnd)})"); break;
            case 1: header = DescrRegex().Replace(header, $"'descr': '{Descrs[rnd.Next(Descrs.Length)]}'"); break;
            case 2: header = header.Replace("False", "True"); break;
            case 3:
                data[6] = (byte)rnd.Next(0, 5);
                return data;
            case 4:
                // A version-2 header length field claiming up to 4 GB, e.g. the "1 GB header" case.
                data[6] = 2;
                uint claim = rnd.Next(3) switch { 0 => 1u << 30, 1 => uint.MaxValue, _ => (uint)rnd.Next(0, 200000) };
                return [.. data.AsSpan(0, 8), .. BitConverter.GetBytes(claim), .. data.AsSpan(10)];
            default: header = header[..rnd.Next(header.Length)]; break;
        }
        var bytes = Encoding.Latin1.GetBytes(header);
        var result = new byte[10 + bytes.Length + data.Length - 10 - headerLen];
        data.AsSpan(0, 10).CopyTo(result);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)bytes.Length);
        bytes.CopyTo(result, 10);
        data.AsSpan(10 + headerLen).CopyTo(result.AsSpan(10 + bytes.Length));
        return result;
    }

    private static string RandomShape(Random rnd)
    {
        int rank = rnd.Next(8) == 0 ? rnd.Next(9, 40) : rnd.Next(0, 5);
        var dims = Enumerable.Range(0, rank).Select(_ => Dims[rnd.Next(Dims.Length)]);
        return string.Join(", ", dims) + (rank == 1 ? "," : "");
    }

    [GeneratedRegex(@"'shape'\s*:\s*\([^)]*\)")]
    private static partial Regex ShapeRegex();

    [GeneratedRegex(@"'descr'\s*:\s*'[^']*'")]
    private static partial Regex DescrRegex();
}
