using System.Text;
using System.Text.Json;

namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>Feedback as JSON lines, optional keys left out the way the reference project's files do.</summary>
internal sealed class FeedbackJsonlWriter : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream stream;
    private readonly Utf8JsonWriter json;

    public FeedbackJsonlWriter(string path)
    {
        stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        json = new Utf8JsonWriter(stream);
    }

    public long Rows { get; private set; }

    public void Write(SyntheticFeedback feedback)
    {
        json.Reset(stream);
        json.WriteStartObject();
        json.WriteString("feedback_id", feedback.FeedbackId);
        json.WriteString("provider_id", feedback.ProviderId);
        json.WriteString("timestamp", feedback.Timestamp);
        if (feedback.VisitId is not null)
        {
            json.WriteString("visit_id", feedback.VisitId);
        }

        json.WriteNumber("satisfaction_score", feedback.Score);
        json.WriteString("comments", feedback.Comments);
        if (feedback.Source is not null)
        {
            json.WriteString("source", feedback.Source);
        }

        if (feedback.Tags is not null)
        {
            json.WriteStartArray("tags");
            foreach (var tag in feedback.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
        }

        if (feedback.Metadata is not null)
        {
            json.WriteStartObject("metadata");
            foreach (var (key, value) in feedback.Metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();
        stream.Write(NewLine);
        Rows++;
    }

    /// <summary>A line that is not a JSON object: the dirt the quarantine exists for.</summary>
    public void WriteRawLine(string line)
    {
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Write(NewLine);
        Rows++;
    }

    public void Dispose()
    {
        json.Dispose();
        stream.Dispose();
    }
}
