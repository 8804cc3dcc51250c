using System.Text;
using System.Text.Json;

namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>Feedback as JSON lines, optional keys left out the way the reference project's files do.</summary>
internal sealed class FeedbackJsonlWriter : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;

    public FeedbackJsonlWriter(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _json = new Utf8JsonWriter(_stream);
    }

    public long Rows { get; private set; }

    public void Write(SyntheticFeedback feedback)
    {
        _json.Reset(_stream);
        _json.WriteStartObject();
        _json.WriteString("feedback_id", feedback.FeedbackId);
        _json.WriteString("provider_id", feedback.ProviderId);
        _json.WriteString("timestamp", feedback.Timestamp);
        if (feedback.VisitId is not null)
        {
            _json.WriteString("visit_id", feedback.VisitId);
        }

        _json.WriteNumber("satisfaction_score", feedback.Score);
        _json.WriteString("comments", feedback.Comments);
        if (feedback.Source is not null)
        {
            _json.WriteString("source", feedback.Source);
        }

        if (feedback.Tags is not null)
        {
            _json.WriteStartArray("tags");
            foreach (var tag in feedback.Tags)
            {
                _json.WriteStringValue(tag);
            }

            _json.WriteEndArray();
        }

        if (feedback.Metadata is not null)
        {
            _json.WriteStartObject("metadata");
            foreach (var (key, value) in feedback.Metadata)
            {
                _json.WriteString(key, value);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        _json.Flush();
        _stream.Write(NewLine);
        Rows++;
    }

    /// <summary>A line that is not a JSON object: the dirt the quarantine exists for.</summary>
    public void WriteRawLine(string line)
    {
        _stream.Write(Encoding.UTF8.GetBytes(line));
        _stream.Write(NewLine);
        Rows++;
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}
