using System.Text.RegularExpressions;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Sylvan.Data.Csv;

namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// Every PHI value of some submissions: the cells of the patients CSV files' PHI columns (<see cref="PatientRules.PhiColumns"/>,
/// read by position of <see cref="DatasetCatalog.Patients"/>' columns with a CSV parser of their own, broken rows included),
/// plus each patient's full name. PREFIX and SUFFIX ("Mr.", "MD") identify nobody and are left out.
/// </summary>
internal sealed partial class PhiCorpus
{
    private PhiCorpus(IReadOnlyList<PhiValue> values, int patientRows, IReadOnlyList<PhiValue> ambiguous)
    {
        Values = values;
        PatientRows = patientRows;
        Ambiguous = ambiguous;
    }

    /// <summary>Columns whose values may also be ordinary words of non-PHI values (a first name in a town's name).</summary>
    public static IReadOnlySet<string> NameColumns { get; } = new HashSet<string>(StringComparer.Ordinal) { "FIRST", "LAST", "MAIDEN", "BIRTHPLACE", "FIRST LAST", "LAST, FIRST" };

    /// <summary>Columns whose values may be ambiguous: names, and dates of birth or death that are also a date of care.</summary>
    public static IReadOnlySet<string> AmbiguousColumns { get; } = new HashSet<string>(NameColumns.Append("BIRTHDATE").Append("DEATHDATE"), StringComparer.Ordinal);

    /// <summary>The values the scan looks for.</summary>
    public IReadOnlyList<PhiValue> Values { get; }

    /// <summary>Patient rows read (header rows not counted).</summary>
    public int PatientRows { get; }

    /// <summary>
    /// Values left out because the same token also occurs in a non-PHI value of the input (a first name inside a provider
    /// location: "Stephanie" in "Port Stephanie"; a death date that is also a claim's date), where finding it proves nothing.
    /// Only <see cref="AmbiguousColumns"/> can be ambiguous; their patients' full names are still scanned.
    /// </summary>
    public IReadOnlyList<PhiValue> Ambiguous { get; }

    public static PhiCorpus Read(IEnumerable<string> inputFolders, IEnumerable<string> publicTexts)
    {
        var columns = DatasetCatalog.Patients.RawSchema.Fields.Select(f => f.Name).ToList();
        var phi = PatientRules.PhiColumns.Where(c => c is not "PREFIX" and not "SUFFIX").ToDictionary(c => columns.IndexOf(c), c => c);
        var (first, last) = (columns.IndexOf("FIRST"), columns.IndexOf("LAST"));
        var values = new HashSet<PhiValue>();
        var rows = 0;
        foreach (var file in inputFolders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(f, "patients"), "*.csv")))
        {
            using var csv = CsvDataReader.Create(file, new CsvDataReaderOptions { HasHeaders = false });
            while (csv.Read())
            {
                var fields = Enumerable.Range(0, csv.RowFieldCount).Select(i => csv.GetString(i).Trim()).ToList();
                if (fields.Count < 2 || fields[0] == "ID")
                {
                    continue; // a header, or the end of a header broken over two lines
                }

                rows++;
                var complete = fields.Count == columns.Count;
                foreach (var (index, column) in phi)
                {
                    // A short (broken) row's cells are PHI only where they have the column's shape: "1954-01-01" in BIRTHDATE.
                    if (index < fields.Count && fields[index].Length > 1 && (complete || Shaped(column, fields[index])))
                    {
                        values.Add(new PhiValue(fields[index], column));
                    }
                }

                if (complete && fields[first].Length > 0 && fields[last].Length > 0)
                {
                    values.Add(new PhiValue($"{fields[first]} {fields[last]}", "FIRST LAST"));
                    values.Add(new PhiValue($"{fields[last]}, {fields[first]}", "LAST, FIRST"));
                }
            }
        }

        // Only names, places and dates can be words of other values (a claim's date is the day someone died); an SSN,
        // licence, passport or address is PHI wherever it is.
        var matcher = new PhiMatcher(values.Where(v => AmbiguousColumns.Contains(v.Column)));
        var ambiguous = new HashSet<PhiValue>();
        foreach (var text in publicTexts)
        {
            ambiguous.UnionWith(matcher.Find(text));
        }

        return new PhiCorpus([.. values.Except(ambiguous)], rows, [.. ambiguous]);
    }

    private static bool Shaped(string column, string value) => column switch
    {
        "BIRTHDATE" or "DEATHDATE" => DateShape().IsMatch(value),
        "SSN" => SsnShape().IsMatch(value),
        _ => false,
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateShape();

    [GeneratedRegex(@"^\d{3}-\d{2}-\d{4}$")]
    private static partial Regex SsnShape();
}
