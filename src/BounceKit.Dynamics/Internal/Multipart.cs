using System.Globalization;
using System.Text;

namespace BounceKit.Dynamics.Internal;

/// <summary>One response inside a <c>$batch</c> answer.</summary>
internal sealed record BatchPartResponse(string? ContentId, int Status, string Body);

/// <summary>Writes and reads the multipart/mixed bodies of the Dataverse <c>$batch</c> endpoint (provider-facts 3.3).</summary>
/// <remarks>Requests go without change sets: a change set is atomic, so one refused record would roll back every other
/// record in it, and the sink's contract is that one bad record never fails the others. Each request is independent
/// (an update-only <c>PATCH</c> with <c>If-Match: *</c>, or a create-only one with <c>If-None-Match: *</c>), so nothing
/// needs the atomicity.</remarks>
internal static class Multipart
{
    /// <summary>A batch of <c>PATCH</c> requests, numbered by <c>Content-ID</c> from 1.</summary>
    /// <param name="boundary">The batch boundary.</param>
    /// <param name="apiBase">The Web API root the paths are under.</param>
    /// <param name="requests">The paths and JSON bodies.</param>
    /// <param name="createOnly">False: update-only (<c>If-Match: *</c>). True: create-only (<c>If-None-Match: *</c>).</param>
    public static string BuildBatch(string boundary, Uri apiBase, IReadOnlyList<(string Path, string Json)> requests, bool createOnly = false)
    {
        string precondition = createOnly ? "If-None-Match: *\r\n" : "If-Match: *\r\n";
        var text = new StringBuilder();
        for (int i = 0; i < requests.Count; i++)
        {
            text.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n")
                .Append("Content-ID: ").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("\r\n")
                .Append("\r\n")
                .Append("PATCH ").Append(new Uri(apiBase, requests[i].Path).AbsoluteUri).Append(" HTTP/1.1\r\n")
                .Append("Content-Type: application/json; charset=utf-8\r\n")
                .Append(precondition)
                .Append("\r\n")
                .Append(requests[i].Json).Append("\r\n");
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        return text.ToString();
    }

    /// <summary>The responses of a batch answer in order, change sets flattened; parts that cannot be read are skipped
    /// (their records then count as unanswered).</summary>
    public static List<BatchPartResponse> ParseBatchResponse(string body, string boundary)
    {
        var parts = new List<BatchPartResponse>();
        Parse(body.Replace("\r\n", "\n", StringComparison.Ordinal), boundary, parts);
        return parts;
    }

    /// <summary>The boundary parameter of a multipart Content-Type, without quotes.</summary>
    public static string? BoundaryOf(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        foreach (string parameter in contentType.Split(';'))
        {
            string p = parameter.Trim();
            if (p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                return p["boundary=".Length..].Trim('"');
            }
        }

        return null;
    }

    private static void Parse(string body, string boundary, List<BatchPartResponse> parts)
    {
        string delimiter = "--" + boundary;
        string[] segments = body.Split(delimiter);
        for (int s = 1; s < segments.Length; s++)
        {
            string segment = segments[s];
            if (segment.StartsWith("--", StringComparison.Ordinal))
            {
                break; // The close delimiter.
            }

            (Dictionary<string, string> headers, string rest) = SplitHeaders(segment.TrimStart('\n', ' ', '\t'));
            if (headers.TryGetValue("content-type", out string? type) && type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase) && BoundaryOf(type) is { } inner)
            {
                Parse(rest, inner, parts);
                continue;
            }

            int lineEnd = rest.IndexOf('\n', StringComparison.Ordinal);
            string statusLine = lineEnd < 0 ? rest : rest[..lineEnd];
            string[] status = statusLine.Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
            {
                continue;
            }

            (Dictionary<string, string> innerHeaders, string content) = SplitHeaders(lineEnd < 0 ? string.Empty : rest[(lineEnd + 1)..]);
            string? contentId = headers.GetValueOrDefault("content-id") ?? innerHeaders.GetValueOrDefault("content-id");
            parts.Add(new BatchPartResponse(contentId, code, content.Trim()));
        }
    }

    private static (Dictionary<string, string> Headers, string Remainder) SplitHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int position = 0;
        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            string line = text[position..end].TrimEnd();
            position = Math.Min(end + 1, text.Length);
            if (line.Length == 0)
            {
                break;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, text[position..]);
    }
}
