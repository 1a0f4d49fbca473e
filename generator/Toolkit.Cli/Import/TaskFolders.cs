using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Toolkit.Cli.Import;

/// <summary>
/// Folders of Hugging Face task schemas (<c>&lt;task&gt;/input.json</c>, <c>output.json</c>, and <c>stream_output.json</c>
/// for the streamed ones), read as one set: ../shared/hf-task-specs and ../shared/hf-task-specs-more together hold all
/// 32 tasks. Folders without an input and an output (history/) are not tasks; a template (huggingface.js's
/// <c>placeholder</c>, whose <c>$id</c> still says <c>&lt;TASK_ID&gt;</c>) is skipped with a note; a task in two folders is an error.
/// </summary>
internal static class TaskFolders
{
    /// <summary>What a template for new tasks writes where a task's name goes.</summary>
    private const string TemplateMark = "<TASK_ID>";

    /// <summary>Every task of <paramref name="folders"/>, by name, and the keys of their common definitions.</summary>
    public static (List<TaskSchemas> Tasks, HashSet<string> CommonKeys, List<string> Notes) Load(IReadOnlyList<string> folders, string? common)
    {
        var tasks = new List<TaskSchemas>();
        var commonKeys = new HashSet<string>(StringComparer.Ordinal);
        var notes = new List<string>();
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonObject? commonDefinitions = null;
        string? commonSource = null;
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) throw new ImportException($"--tasks '{folder}' does not exist.");
            var commonPath = common ?? Path.Combine(folder, "common-definitions.json");
            if (File.Exists(commonPath))
            {
                JsonObject? definitions;
                try
                {
                    definitions = JsonNode.Parse(File.ReadAllText(commonPath))?["definitions"] as JsonObject;
                }
                catch (JsonException e)
                {
                    throw new ImportException($"{commonPath}: not valid JSON ({e.Message}).");
                }
                if (definitions is not null)
                {
                    // One set of shared types: every folder's common definitions must say the same.
                    if (commonDefinitions is not null && !JsonNode.DeepEquals(commonDefinitions, definitions))
                    {
                        throw new ImportException($"{commonPath} differs from {commonSource}: the folders' common definitions must be one set.");
                    }
                    commonDefinitions ??= definitions;
                    commonSource ??= commonPath;
                    foreach (var (key, _) in definitions) commonKeys.Add(key);
                }
            }
            foreach (var taskFolder in new DirectoryInfo(folder).GetDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var inputPath = Path.Combine(taskFolder.FullName, "input.json");
                var outputPath = Path.Combine(taskFolder.FullName, "output.json");
                if (!File.Exists(inputPath) || !File.Exists(outputPath)) continue; // history/ and other folders are not tasks
                var task = taskFolder.Name;
                if (IsTemplate(inputPath))
                {
                    notes.Add($"{task}: a template for new tasks ($id says {TemplateMark}), not a task; skipped.");
                    continue;
                }
                if (where.TryGetValue(task, out var first))
                {
                    throw new ImportException($"the task {task} is in {first} and in {folder}: give each task once.");
                }
                where[task] = folder;
                var streamPath = Path.Combine(taskFolder.FullName, "stream_output.json");
                var known = File.Exists(commonPath) ? commonPath : null;
                try
                {
                    var input = Load(inputPath, known);
                    var output = Load(outputPath, known);
                    var stream = File.Exists(streamPath) ? Load(streamPath, known) : null;
                    SchemaCycles.Check(input, task + "/input.json");
                    SchemaCycles.Check(output, task + "/output.json");
                    if (stream is not null) SchemaCycles.Check(stream, task + "/stream_output.json");
                    tasks.Add(new TaskSchemas(task, input, output, stream));
                }
                catch (Exception e) when (e is ImportException or JsonException or InvalidOperationException or Newtonsoft.Json.JsonException or AggregateException)
                {
                    throw new ImportException($"{task}: " + (e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message));
                }
            }
        }
        if (tasks.Count == 0) throw new ImportException($"'{string.Join("', '", folders)}' hold no task folder with input.json and output.json.");
        return (tasks.OrderBy(t => t.Task, StringComparer.Ordinal).ToList(), commonKeys, notes);
    }

    /// <summary>A schema file bundled with its common definitions and read by NJsonSchema.</summary>
    public static JsonSchema Load(string path, string? common)
    {
        var (json, problem) = SchemaBundler.Bundle(path, common);
        if (json is null) throw new ImportException(problem!);
        return JsonSchema.FromJsonAsync(json, path).GetAwaiter().GetResult();
    }

    private static bool IsTemplate(string inputPath)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(inputPath))?["$id"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Contains(TemplateMark, StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false; // not JSON: the import says so, with the file
        }
    }
}
