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

    private readonly SyntheticDataOptions _options;
    private readonly Faker _faker;
    private readonly Dictionary<string, long> _dirt = new(StringComparer.Ordinal);
    private readonly List<int> _latePatients = [];
    private readonly Queue<(int Part, int Patient)> _duplicatePatients = new();
    private readonly Queue<(int Part, int Provider, int Version)> _providerChanges = new();
    private readonly Queue<(int Part, object?[] Claim)> _claimResends = new();
    private readonly int _providerCount;
    private long _claimCount;
    private long _feedbackCount;

    public SyntheticDataGenerator(SyntheticDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parts, 1);
        _options = options;
        _faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        _providerCount = Math.Max(1, (int)Math.Round(options.Patients * 0.9));
    }

    public async Task<SyntheticDataSummary> GenerateAsync(IProgress<long>? patientsWritten, CancellationToken cancellationToken)
    {
        var folders = DatasetCatalog.All.Select(d => d.Name)
            .ToDictionary(d => d, d => Directory.CreateDirectory(Path.Combine(_options.OutputFolder, d)).FullName, StringComparer.Ordinal);
        var files = folders.Keys.ToDictionary(d => d, _ => new List<string>(), StringComparer.Ordinal);
        var records = folders.Keys.ToDictionary(d => d, _ => 0L, StringComparer.Ordinal);

        for (var part = 0; part < _options.Parts; part++)
        {
            var n = part + 1;
            using var patients = new DelimitedTextWriter(Path.Combine(folders["patients"], $"patients_part_{n}.csv"), ',', Header(DatasetCatalog.Patients));
            using var providers = new DelimitedTextWriter(Path.Combine(folders["providers"], $"providers_part_{n}.tsv"), '\t', Header(DatasetCatalog.Providers));
            using var feedback = new FeedbackJsonlWriter(Path.Combine(folders["feedback"], $"feedback_part_{n}.jsonl"));
            using var encounters = new EncounterAvroWriter(Path.Combine(folders["encounters"], $"encounters_part_{n}.avro"));
            var claims = new ClaimParquetWriter(folders["claims"], n, _options.ParquetRowsPerFile);

            WriteProviders(part, providers);
            var (first, end) = Slice(_options.Patients, part);
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

        patientsWritten?.Report(_options.Patients);
        var datasets = files.ToDictionary(
            kv => kv.Key,
            kv => new SyntheticDatasetSummary(kv.Key, kv.Value, records[kv.Key], kv.Value.Sum(f => new FileInfo(Path.Combine(_options.OutputFolder, f)).Length)),
            StringComparer.Ordinal);
        return new SyntheticDataSummary(datasets, new Dictionary<string, long>(_dirt, StringComparer.Ordinal));
    }

    /// <summary>The header row of a delimited file: the dataset's raw column names.</summary>
    private static string[] Header(DatasetDefinition dataset) => [.. dataset.RawSchema.Fields.Select(f => f.Name)];

    private (int First, int End) Slice(int count, int part) =>
        ((int)((long)count * part / _options.Parts), (int)((long)count * (part + 1) / _options.Parts));

    private bool Chance(double rate) => rate > 0 && _faker.Random.Double() < rate;

    private void Count(string kind) => _dirt[kind] = _dirt.GetValueOrDefault(kind) + 1;

    private string ProviderId(int index) => DeterministicIds.For(_options.Seed, DeterministicIds.Provider, index);

    private string PatientId(int index) => DeterministicIds.For(_options.Seed, DeterministicIds.Patient, index);

    private string OrphanId() => DeterministicIds.For(_options.Seed, DeterministicIds.Orphan, _faker.Random.Long(0, long.MaxValue));

    private void WriteProviders(int part, DelimitedTextWriter providers)
    {
        var (first, end) = Slice(_providerCount, part);
        for (var k = first; k < end; k++)
        {
            WriteProvider(k, 0, providers);
            if (part + 1 < _options.Parts && Chance(_options.ProviderChangeRate))
            {
                _providerChanges.Enqueue((part + 1, k, 1));
            }
        }

        while (_providerChanges.TryPeek(out var change) && change.Part == part)
        {
            _providerChanges.Dequeue();
            WriteProvider(change.Provider, change.Version, providers);
            Count("provider_changes");
            if (part + 1 < _options.Parts && Chance(0.3))
            {
                _providerChanges.Enqueue((part + 1, change.Provider, change.Version + 1));
            }
        }
    }

    private void WriteProvider(int index, int version, DelimitedTextWriter providers)
    {
        // Specialty and location are functions of (provider, version), so a change is a real change and a re-send of the
        // same version (SCD2 idempotence) would write the same values.
        var h = DeterministicIds.Mix(((ulong)index << 8) ^ (ulong)version ^ (ulong)_options.Seed);
        var specialty = SyntheticVocabulary.Specialties[(int)(h % (ulong)SyntheticVocabulary.Specialties.Length)];
        var location = SyntheticVocabulary.Towns[(int)((h >> 24) % (ulong)SyntheticVocabulary.Towns.Length)] + SyntheticVocabulary.TownSuffixes[(int)((h >> 48) % (ulong)SyntheticVocabulary.TownSuffixes.Length)];
        providers.WriteRow([ProviderId(index), specialty, location]);
    }

    private void WritePatientOrDefer(int part, int index, DelimitedTextWriter patients)
    {
        if (part + 1 < _options.Parts && Chance(_options.LatePatientRate))
        {
            _latePatients.Add(index);
            return;
        }

        WritePatient(index, patients);
        if (Chance(_options.DuplicatePatientRate))
        {
            _duplicatePatients.Enqueue((Math.Min(part + 1, _options.Parts - 1), index));
        }
    }

    private void WritePatient(int index, DelimitedTextWriter patients)
    {
        if (Chance(_options.MalformedRate))
        {
            patients.WriteRawLine($"{PatientId(index)},{_faker.Random.Int(1930, 2020)}-01-01,broken row");
            Count("malformed_patients");
            return;
        }

        var id = Chance(_options.NullKeyRate) ? null : PatientId(index);
        if (id is null)
        {
            Count("null_patient_ids");
        }

        var birth = new DateOnly(1930, 1, 1).AddDays(_faker.Random.Int(0, 90 * 365));
        patients.WriteRow(
        [
            id, birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Chance(0.05) ? birth.AddYears(70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            _faker.Random.Replace("###-##-####"), _faker.Random.Replace("??########"), _faker.Random.Replace("??########"),
            _faker.PickRandom(SyntheticVocabulary.Prefixes), _faker.Name.FirstName(), _faker.Name.LastName(), null, null,
            _faker.PickRandom(SyntheticVocabulary.Marital), _faker.PickRandom(SyntheticVocabulary.Races),
            _faker.PickRandom(SyntheticVocabulary.Ethnicities), _faker.PickRandom(SyntheticVocabulary.Genders),
            $"{_faker.Address.City()}, {_faker.Address.StateAbbr()}", _faker.Address.FullAddress(),
        ]);
    }

    private int WriteEncounters(int patient, EncounterAvroWriter encounters)
    {
        var count = _faker.Random.Int(1, 9);
        var patientId = PatientId(patient);
        for (var j = 0; j < count; j++)
        {
            var (code, description) = _faker.PickRandom(SyntheticVocabulary.EncounterCodes);
            var withReason = _faker.Random.Double() < 0.25;
            var reason = withReason ? _faker.PickRandom(SyntheticVocabulary.Reasons) : (double.NaN, null);
            var nullKey = Chance(_options.NullKeyRate);
            if (nullKey)
            {
                Count("null_encounter_keys");
            }

            encounters.Write(
                nullKey && j % 2 == 0 ? null : DeterministicIds.For(_options.Seed, DeterministicIds.Encounter, (long)patient * 16 + j),
                EncounterEpoch.AddDays(_faker.Random.Int(0, 10 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                nullKey && j % 2 == 1 ? null : patientId,
                code, description, reason.Item1, reason.Item2);
        }

        return count;
    }

    private async Task WriteClaimsAsync(int part, int patient, ClaimParquetWriter claims, CancellationToken cancellationToken)
    {
        var rapidFire = Chance(_options.RapidFirePatientRate);
        var count = rapidFire ? _faker.Random.Int(6, 9) : _faker.Random.WeightedRandom([0, 1, 2], [0.2f, 0.6f, 0.2f]);
        var day = ClaimEpoch.AddDays(_faker.Random.Int(0, 364));
        if (rapidFire)
        {
            Count("rapid_fire_patients");
        }

        for (var c = 0; c < count; c++)
        {
            var claim = NewClaim(patient, rapidFire ? day : ClaimEpoch.AddDays(_faker.Random.Int(0, 364)));
            await claims.WriteAsync(claim, cancellationToken).ConfigureAwait(false);
            if (part + 1 < _options.Parts && Chance(_options.ClaimResendRate))
            {
                var resent = (object?[])claim.Clone();
                resent[3] = Math.Round((double)claim[3]! * _faker.Random.Double(0.5, 1.5), 2);
                resent[7] = _faker.PickRandom(SyntheticVocabulary.ClaimStatuses);
                _claimResends.Enqueue((part + 1, resent));
            }
        }
    }

    private object?[] NewClaim(int patient, DateOnly day)
    {
        var (procedure, mean) = _faker.PickRandom(SyntheticVocabulary.Procedures);
        var amount = Math.Max(10, mean + _faker.Random.Double(-1, 1) * mean * 0.3);
        if (Chance(_options.OutlierRate))
        {
            amount *= _faker.Random.Double(10, 30);
            Count("amount_outliers");
        }

        var orphanPatient = Chance(_options.OrphanRate);
        var orphanProvider = Chance(_options.OrphanRate);
        var nullKey = Chance(_options.NullKeyRate);
        if (nullKey)
        {
            Count("null_claim_keys");
        }

        return
        [
            DeterministicIds.For(_options.Seed, DeterministicIds.Claim, _claimCount++),
            orphanPatient ? OrphanId() : PatientId(patient),
            nullKey ? null : orphanProvider ? OrphanId() : ProviderId(_faker.Random.Int(0, _providerCount - 1)),
            Math.Round(amount, 2),
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _faker.PickRandom(SyntheticVocabulary.Diagnoses),
            procedure,
            _faker.PickRandom(SyntheticVocabulary.ClaimStatuses),
            _faker.PickRandom(SyntheticVocabulary.ClaimTypes),
            _faker.PickRandom(SyntheticVocabulary.SubmissionMethods),
        ];
    }

    private void WriteFeedback(int patient, int visits, FeedbackJsonlWriter feedback)
    {
        if (_faker.Random.Double() >= 0.5)
        {
            return;
        }

        if (Chance(_options.MalformedRate))
        {
            feedback.WriteRawLine(_faker.Random.Bool() ? "[\"not\", \"an object\"]" : "{\"feedback_id\": \"truncated");
            Count("malformed_feedback");
            return;
        }

        var at = FeedbackEpoch.AddSeconds(_faker.Random.Int(0, 300 * 24 * 3600));
        var naive = Chance(_options.NaiveTimestampRate);
        var timestamp = naive
            ? at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)
            : new DateTimeOffset(at.AddHours(-5).Ticks, TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var visit = _faker.Random.Double() switch
        {
            < 0.2 => null,
            < 0.25 => OrphanId(),
            _ => DeterministicIds.For(_options.Seed, DeterministicIds.Encounter, (long)patient * 16 + _faker.Random.Int(0, visits - 1)),
        };
        var id = DeterministicIds.For(_options.Seed, DeterministicIds.Feedback, _feedbackCount++);
        var record = new SyntheticFeedback(
            id,
            Chance(_options.OrphanRate) ? OrphanId() : ProviderId(_faker.Random.Int(0, _providerCount - 1)),
            timestamp,
            visit,
            _faker.Random.Int(1, 5),
            _faker.Lorem.Sentence(),
            _faker.Random.Bool(0.8f) ? _faker.PickRandom(SyntheticVocabulary.FeedbackSources) : null,
            _faker.Random.Bool(0.6f) ? _faker.PickRandom(SyntheticVocabulary.FeedbackTags, _faker.Random.Int(1, 3)).ToArray() : null,
            _faker.Random.Bool(0.5f) ? new Dictionary<string, string>(StringComparer.Ordinal) { ["device"] = _faker.PickRandom("ios", "android", "web"), ["lang"] = "en" } : null);
        feedback.Write(record);
        if (Chance(0.01))
        {
            feedback.Write(record with { Score = _faker.Random.Int(1, 5) });
            Count("duplicate_feedback_ids");
        }
    }

    private async Task WriteDueAsync(int part, DelimitedTextWriter patients, ClaimParquetWriter claims, CancellationToken cancellationToken)
    {
        while (_duplicatePatients.TryPeek(out var due) && due.Part <= part)
        {
            _duplicatePatients.Dequeue();
            WritePatient(due.Patient, patients);
            Count("duplicate_patient_ids");
        }

        while (_claimResends.TryPeek(out var due) && due.Part <= part)
        {
            _claimResends.Dequeue();
            await claims.WriteAsync(due.Claim, cancellationToken).ConfigureAwait(false);
            Count("claims_resent");
        }

        if (part == _options.Parts - 1)
        {
            foreach (var index in _latePatients)
            {
                WritePatient(index, patients);
                Count("late_patients");
            }

            _latePatients.Clear();
        }
    }
}
