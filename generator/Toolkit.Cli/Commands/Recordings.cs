using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Import;

namespace Toolkit.Cli.Commands;

/// <summary>
/// The recordings a command is given: cassettes or neutral exchange files, folders searched for *.json. Folders are
/// walked once (a symbolic link back up the tree is not followed twice); only regular files are read, each within
/// <see cref="MaxFileBytes"/>, so that a FIFO, a device or an endless file is an error, never a hang.
/// </summary>
internal static class Recordings
{
    /// <summary>
    /// The largest recording file read: room for a few bodies at the client's limit (64 MiB each, base64 in JSON);
    /// a body over the client's own limit is reported by verify as too-large.
    /// </summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>Folders nest at most this deep below a given folder.</summary>
    private const int MaxDepth = 64;

    /// <summary>Every file read, in order; null (after printing why) when one cannot be read or none is found.</summary>
    public static List<(string Path, Cassette Cassette)>? Load(IEnumerable<string> inputs, TextWriter error)
    {
        var cassettes = new List<(string, Cassette)>();
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Walk(input, files, error) is false) return null;
        }
        foreach (var path in files)
        {
            try
            {
                var bytes = Read(path);
                var cassette = ExchangeFileImporter.IsExchangeFile(bytes) ? ExchangeFileImporter.Import(bytes, path) : CassetteFile.Read(bytes, path);
                cassettes.Add((path, cassette));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CassetteFormatException)
            {
                error.WriteLine("error: " + e.Message);
                return null;
            }
        }
        if (cassettes.Count == 0)
        {
            error.WriteLine("error: no cassette or exchange files found in " + string.Join(", ", inputs));
            return null;
        }
        return cassettes;
    }

    /// <summary>Adds the file, or the *.json files under the folder, in ordinal order; false after printing why.</summary>
    private static bool Walk(string input, List<string> files, TextWriter error)
    {
        if (!Directory.Exists(input))
        {
            files.Add(input); // a missing or special file is refused when read, with its name
            return true;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(DirectoryInfo Folder, int Depth)>();
        pending.Push((new DirectoryInfo(input), 0));
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var (folder, depth) = pending.Pop();
            if (!seen.Add(RealPath(folder))) continue; // a link back to a folder already walked
            if (depth > MaxDepth)
            {
                error.WriteLine($"error: '{input}' nests folders more than {MaxDepth} deep (at '{folder.FullName}').");
                return false;
            }
            try
            {
                foreach (var entry in folder.EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo sub) pending.Push((sub, depth + 1));
                    else if (entry.Name.EndsWith(".json", StringComparison.Ordinal)) found.Add(entry.FullName);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot read the folder '{folder.FullName}': {e.Message}");
                return false;
            }
        }
        // A folder given by a relative path lists its files by that path too, as before.
        var root = Path.GetFullPath(input);
        files.AddRange(found.Order(StringComparer.Ordinal).Select(f => Path.Combine(input, Path.GetRelativePath(root, f))));
        return true;
    }

    /// <summary>The folder with every symbolic link on the way resolved, so that two ways to one folder are one.</summary>
    private static string RealPath(DirectoryInfo folder)
    {
        var parts = new List<string>();
        DirectoryInfo? current = folder;
        for (var hops = 0; current is not null && hops < 256; hops++)
        {
            var target = current.LinkTarget is null ? null : current.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
            {
                current = new DirectoryInfo(target.FullName);
                continue;
            }
            parts.Add(current.Name);
            current = current.Parent;
        }
        parts.Reverse();
        return string.Join("/", parts);
    }

    /// <summary>
    /// A recording's bytes: a regular file (its length known before it is opened: a FIFO or a device has none), read
    /// within <see cref="MaxFileBytes"/> however long it turns out to be.
    /// </summary>
    private static byte[] Read(string path)
    {
        var info = new FileInfo(path);
        if (Directory.Exists(path)) throw new IOException($"'{path}' is a folder where a file was expected.");
        if (!info.Exists) throw new IOException($"Could not find the recording '{path}'.");
        var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        if (target.Length == 0)
        {
            // Devices (/dev/zero), FIFOs and sockets report no length; an empty regular file holds no cassette either.
            throw new IOException($"'{path}' is empty or not a regular file; a recording is a JSON file.");
        }
        if (target.Length > MaxFileBytes) throw new IOException($"'{path}' is {target.Length} bytes, more than the {MaxFileBytes} a recording may hold.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[target.Length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (read < buffer.Length) Array.Resize(ref buffer, read);
        if (stream.ReadByte() >= 0) throw new IOException($"'{path}' grew while it was read.");
        return buffer;
    }
}
