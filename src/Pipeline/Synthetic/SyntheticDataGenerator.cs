using System.Globalization;
using Bogus;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>
/// Writes a deterministic synthetic submission (one subfolder per dataset, the sample data's formats: patients CSV,
/// encounters Avro, claims Parquet, providers TSV, feedback JSONL) of any size. It streams: records are written as they
/// are made, and ids are recomputed from (seed, index) instead of remembered, so only the small queues of records that
/// are due in a later part (late patients, re-sent claims, provider changes) are held in memory.
/// </summary>
public sealed class SyntheticDataGenerator
{
    private static readonly DateOnly EncounterEpoch = new(2015, 1, 1);
    private static readonly DateOnly ClaimEpoch = new(2024, 1, 1);
    private static readonly DateTime FeedbackEpoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly SyntheticDataOptions options;
    private readonly Faker faker;
    private readonly Dictionary<string, long> dirt = new(StringComparer.Ordinal);
    private readonly List<int> latePatients = [];
    private readonly Queue<(int Part, int Patient)> duplicatePatients = new();
    private readonly Queue<(int Part, int Provider, int Version)> providerChanges = new();
    private readonly Queue<(int Part, object?[] Claim)> claimResends = new();
    private readonly int providerCount;
    private long claimCount;
    private long feedbackCount;

    public SyntheticDataGenerator(SyntheticDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parts, 1);
        this.options = options;
        faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        providerCount = Math.Max(1, (int)Math.Round(options.Patients * 0.9));
    }

    public async Task<SyntheticDataSummary> GenerateAsync(IProgress<long>? patientsWritten, CancellationToken cancellationToken)
    {
        var folders = DatasetCatalog.All.Select(d => d.Name)
            .ToDictionary(d => d, d => Directory.CreateDirectory(Path.Combine(options.OutputFolder, d)).FullName, StringComparer.Ordinal);
        var files = folders.Keys.ToDictionary(d => d, _ => new List<string>(), StringComparer.Ordinal);
        var records = folders.Keys.ToDictionary(d => d, _ => 0L, StringComparer.Ordinal);

        for (var part = 0; part < options.Parts; part++)
        {
            var n = part + 1;
            using var patients = new DelimitedTextWriter(Path.Combine(folders["patients"], $"patients_part_{n}.csv"), ',', Header(DatasetCatalog.Patients));
            using var providers = new DelimitedTextWriter(Path.Combine(folders["providers"], $"providers_part_{n}.tsv"), '\t', Header(DatasetCatalog.Providers));
            using var feedback = new FeedbackJsonlWriter(Path.Combine(folders["feedback"], $"feedback_part_{n}.jsonl"));
            using var encounters = new EncounterAvroWriter(Path.Combine(folders["encounters"], $"encounters_part_{n}.avro"));
            var claims = new ClaimParquetWriter(folders["claims"], n, options.ParquetRowsPerFile);

            WriteProviders(part, providers);
            var (first, end) = Slice(options.Patients, part);
            for (var i = first; i < end; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WritePatientOrDefer(part, i, patients);
                var visits = WriteEncounters(i, encounters);
                await WriteClaimsAsync(part, i, claims, cancellationToken).ConfigureAwait(false);
                WriteFeedback(i, visits, feedback);
                if ((i & 0x3FFF) == 0)
                {
                    patientsWritten?.Report(i);
                }
            }

            await WriteDueAsync(part, patients, claims, cancellationToken).ConfigureAwait(false);
            await claims.FlushAsync(cancellationToken).ConfigureAwait(false);

            records["patients"] += patients.Rows;
            records["providers"] += providers.Rows;
            records["feedback"] += feedback.Rows;
            records["encounters"] += encounters.Rows;
            records["claims"] += claims.Rows;
            files["patients"].Add($"patients/patients_part_{n}.csv");
            files["providers"].Add($"providers/providers_part_{n}.tsv");
            files["feedback"].Add($"feedback/feedback_part_{n}.jsonl");
            files["encounters"].Add($"encounters/encounters_part_{n}.avro");
            files["claims"].AddRange(claims.Files.Select(f => $"claims/{f}"));
        }

        patientsWritten?.Report(options.Patients);
        var datasets = files.ToDictionary(
            kv => kv.Key,
            kv => new SyntheticDatasetSummary(kv.Key, kv.Value, records[kv.Key], kv.Value.Sum(f => new FileInfo(Path.Combine(options.OutputFolder, f)).Length)),
            StringComparer.Ordinal);
        return new SyntheticDataSummary(datasets, new Dictionary<string, long>(dirt, StringComparer.Ordinal));
    }

    /// <summary>The header row of a delimited file: the dataset's raw column names.</summary>
    private static string[] Header(DatasetDefinition dataset) => [.. dataset.RawSchema.Fields.Select(f => f.Name)];

    private (int First, int End) Slice(int count, int part) =>
        ((int)((long)count * part / options.Parts), (int)((long)count * (part + 1) / options.Parts));

    private bool Chance(double rate) => rate > 0 && faker.Random.Double() < rate;

    private void Count(string kind) => dirt[kind] = dirt.GetValueOrDefault(kind) + 1;

    private string ProviderId(int index) => DeterministicIds.For(options.Seed, DeterministicIds.Provider, index);

    private string PatientId(int index) => DeterministicIds.For(options.Seed, DeterministicIds.Patient, index);

    private string OrphanId() => DeterministicIds.For(options.Seed, DeterministicIds.Orphan, faker.Random.Long(0, long.MaxValue));

    private void WriteProviders(int part, DelimitedTextWriter providers)
    {
        var (first, end) = Slice(providerCount, part);
        for (var k = first; k < end; k++)
        {
            WriteProvider(k, 0, providers);
            if (part + 1 < options.Parts && Chance(options.ProviderChangeRate))
            {
                providerChanges.Enqueue((part + 1, k, 1));
            }
        }

        while (providerChanges.TryPeek(out var change) && change.Part == part)
        {
            providerChanges.Dequeue();
            WriteProvider(change.Provider, change.Version, providers);
            Count("provider_changes");
            if (part + 1 < options.Parts && Chance(0.3))
            {
                providerChanges.Enqueue((part + 1, change.Provider, change.Version + 1));
            }
        }
    }

    private void WriteProvider(int index, int version, DelimitedTextWriter providers)
    {
        // Specialty and location are functions of (provider, version), so a change is a real change and a re-send of the
        // same version (SCD2 idempotence) would write the same values.
        var h = DeterministicIds.Mix(((ulong)index << 8) ^ (ulong)version ^ (ulong)options.Seed);
        var specialty = SyntheticVocabulary.Specialties[(int)(h % (ulong)SyntheticVocabulary.Specialties.Length)];
        var location = SyntheticVocabulary.Towns[(int)((h >> 24) % (ulong)SyntheticVocabulary.Towns.Length)] + SyntheticVocabulary.TownSuffixes[(int)((h >> 48) % (ulong)SyntheticVocabulary.TownSuffixes.Length)];
        providers.WriteRow([ProviderId(index), specialty, location]);
    }

    private void WritePatientOrDefer(int part, int index, DelimitedTextWriter patients)
    {
        if (part + 1 < options.Parts && Chance(options.LatePatientRate))
        {
            latePatients.Add(index);
            return;
        }

        WritePatient(index, patients);
        if (Chance(options.DuplicatePatientRate))
        {
            duplicatePatients.Enqueue((Math.Min(part + 1, options.Parts - 1), index));
        }
    }

    private void WritePatient(int index, DelimitedTextWriter patients)
    {
        if (Chance(options.MalformedRate))
        {
            patients.WriteRawLine($"{PatientId(index)},{faker.Random.Int(1930, 2020)}-01-01,broken row");
            Count("malformed_patients");
            return;
        }

        var id = Chance(options.NullKeyRate) ? null : PatientId(index);
        if (id is null)
        {
            Count("null_patient_ids");
        }

        var birth = new DateOnly(1930, 1, 1).AddDays(faker.Random.Int(0, 90 * 365));
        patients.WriteRow(
        [
            id, birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Chance(0.05) ? birth.AddYears(70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            faker.Random.Replace("###-##-####"), faker.Random.Replace("??########"), faker.Random.Replace("??########"),
            faker.PickRandom(SyntheticVocabulary.Prefixes), faker.Name.FirstName(), faker.Name.LastName(), null, null,
            faker.PickRandom(SyntheticVocabulary.Marital), faker.PickRandom(SyntheticVocabulary.Races),
            faker.PickRandom(SyntheticVocabulary.Ethnicities), faker.PickRandom(SyntheticVocabulary.Genders),
            $"{faker.Address.City()}, {faker.Address.StateAbbr()}", faker.Address.FullAddress(),
        ]);
    }

    private int WriteEncounters(int patient, EncounterAvroWriter encounters)
    {
        var count = faker.Random.Int(1, 9);
        var patientId = PatientId(patient);
        for (var j = 0; j < count; j++)
        {
            var (code, description) = faker.PickRandom(SyntheticVocabulary.EncounterCodes);
            var withReason = faker.Random.Double() < 0.25;
            var reason = withReason ? faker.PickRandom(SyntheticVocabulary.Reasons) : (double.NaN, null);
            var nullKey = Chance(options.NullKeyRate);
            if (nullKey)
            {
                Count("null_encounter_keys");
            }

            encounters.Write(
                nullKey && j % 2 == 0 ? null : DeterministicIds.For(options.Seed, DeterministicIds.Encounter, (long)patient * 16 + j),
                EncounterEpoch.AddDays(faker.Random.Int(0, 10 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                nullKey && j % 2 == 1 ? null : patientId,
                code, description, reason.Item1, reason.Item2);
        }

        return count;
    }

    private async Task WriteClaimsAsync(int part, int patient, ClaimParquetWriter claims, CancellationToken cancellationToken)
    {
        var rapidFire = Chance(options.RapidFirePatientRate);
        var count = rapidFire ? faker.Random.Int(6, 9) : faker.Random.WeightedRandom([0, 1, 2], [0.2f, 0.6f, 0.2f]);
        var day = ClaimEpoch.AddDays(faker.Random.Int(0, 364));
        if (rapidFire)
        {
            Count("rapid_fire_patients");
        }

        for (var c = 0; c < count; c++)
        {
            var claim = NewClaim(patient, rapidFire ? day : ClaimEpoch.AddDays(faker.Random.Int(0, 364)));
            await claims.WriteAsync(claim, cancellationToken).ConfigureAwait(false);
            if (part + 1 < options.Parts && Chance(options.ClaimResendRate))
            {
                var resent = (object?[])claim.Clone();
                resent[3] = Math.Round((double)claim[3]! * faker.Random.Double(0.5, 1.5), 2);
                resent[7] = faker.PickRandom(SyntheticVocabulary.ClaimStatuses);
                claimResends.Enqueue((part + 1, resent));
            }
        }
    }

    private object?[] NewClaim(int patient, DateOnly day)
    {
        var (procedure, mean) = faker.PickRandom(SyntheticVocabulary.Procedures);
        var amount = Math.Max(10, mean + faker.Random.Double(-1, 1) * mean * 0.3);
        if (Chance(options.OutlierRate))
        {
            amount *= faker.Random.Double(10, 30);
            Count("amount_outliers");
        }

        var orphanPatient = Chance(options.OrphanRate);
        var orphanProvider = Chance(options.OrphanRate);
        var nullKey = Chance(options.NullKeyRate);
        if (nullKey)
        {
            Count("null_claim_keys");
        }

        return
        [
            DeterministicIds.For(options.Seed, DeterministicIds.Claim, claimCount++),
            orphanPatient ? OrphanId() : PatientId(patient),
            nullKey ? null : orphanProvider ? OrphanId() : ProviderId(faker.Random.Int(0, providerCount - 1)),
            Math.Round(amount, 2),
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            faker.PickRandom(SyntheticVocabulary.Diagnoses),
            procedure,
            faker.PickRandom(SyntheticVocabulary.ClaimStatuses),
            faker.PickRandom(SyntheticVocabulary.ClaimTypes),
            faker.PickRandom(SyntheticVocabulary.SubmissionMethods),
        ];
    }

    private void WriteFeedback(int patient, int visits, FeedbackJsonlWriter feedback)
    {
        if (faker.Random.Double() >= 0.5)
        {
            return;
        }

        if (Chance(options.MalformedRate))
        {
            feedback.WriteRawLine(faker.Random.Bool() ? "[\"not\", \"an object\"]" : "{\"feedback_id\": \"truncated");
            Count("malformed_feedback");
            return;
        }

        var at = FeedbackEpoch.AddSeconds(faker.Random.Int(0, 300 * 24 * 3600));
        var naive = Chance(options.NaiveTimestampRate);
        var timestamp = naive
            ? at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)
            : new DateTimeOffset(at.AddHours(-5).Ticks, TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var visit = faker.Random.Double() switch
        {
            < 0.2 => null,
            < 0.25 => OrphanId(),
            _ => DeterministicIds.For(options.Seed, DeterministicIds.Encounter, (long)patient * 16 + faker.Random.Int(0, visits - 1)),
        };
        var id = DeterministicIds.For(options.Seed, DeterministicIds.Feedback, feedbackCount++);
        var record = new SyntheticFeedback(
            id,
            Chance(options.OrphanRate) ? OrphanId() : ProviderId(faker.Random.Int(0, providerCount - 1)),
            timestamp,
            visit,
            faker.Random.Int(1, 5),
            faker.Lorem.Sentence(),
            faker.Random.Bool(0.8f) ? faker.PickRandom(SyntheticVocabulary.FeedbackSources) : null,
            faker.Random.Bool(0.6f) ? faker.PickRandom(SyntheticVocabulary.FeedbackTags, faker.Random.Int(1, 3)).ToArray() : null,
            faker.Random.Bool(0.5f) ? new Dictionary<string, string>(StringComparer.Ordinal) { ["device"] = faker.PickRandom("ios", "android", "web"), ["lang"] = "en" } : null);
        feedback.Write(record);
        if (Chance(0.01))
        {
            feedback.Write(record with { Score = faker.Random.Int(1, 5) });
            Count("duplicate_feedback_ids");
        }
    }

    private async Task WriteDueAsync(int part, DelimitedTextWriter patients, ClaimParquetWriter claims, CancellationToken cancellationToken)
    {
        while (duplicatePatients.TryPeek(out var due) && due.Part <= part)
        {
            duplicatePatients.Dequeue();
            WritePatient(due.Patient, patients);
            Count("duplicate_patient_ids");
        }

        while (claimResends.TryPeek(out var due) && due.Part <= part)
        {
            claimResends.Dequeue();
            await claims.WriteAsync(due.Claim, cancellationToken).ConfigureAwait(false);
            Count("claims_resent");
        }

        if (part == options.Parts - 1)
        {
            foreach (var index in latePatients)
            {
                WritePatient(index, patients);
                Count("late_patients");
            }

            latePatients.Clear();
        }
    }
}
