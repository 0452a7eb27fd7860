//! Synthetic patient messages for demos, tests and benchmarks.
//!
//! [`generate`] turns a [`SeedPlan`] into a lazy stream of invented portal
//! messages: refill and appointment requests, test-result and medical
//! questions, forms, billing and referrals, some written by a parent, adult
//! child or spouse, a few with red-flag wording (stated, denied, or asked
//! about), arriving on a weekday-heavy daytime curve, and — for the older
//! ones — already worked by the nurses on the messaging team.
//!
//! Everything is deterministic: the same plan (seed and `now` included) gives
//! byte-identical output on every platform, because the module uses its own
//! integer-only random number generator and never reads the clock.
//! Times use a fixed UTC-5 offset for the clinic's Eastern time zone, which is
//! close enough for synthetic data.

mod content;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use content::{
    ADULT_MEDS, ASKS, CHILD_INTROS, CHILD_MEDS, Category, EXTRAS, FEMALE_FIRST, GREETINGS, INFANT_MEDS, LAST_NAMES,
    MALE_FIRST, MISSPELLINGS, NURSES, OLDER_MEDS, PARENT_INTROS, PROVIDERS, PROXY_EXTRAS, RED_FLAGS, RedFlag,
    SCRIPT_NAMES, SECOND_ISSUE, SIGN_OFFS, SPOUSE_INTROS, TOPICS, Topic, URGENT_ASKS, VAGUE_SUBJECTS,
};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    /// Number of messages.
    pub count: u64,
    /// Same plan (including `seed` and `now`) gives byte-identical output.
    pub seed: u64,
    /// Received times spread over the last `days` days before `now`
    /// (0 is treated as 1; more than 100 years is treated as 100 years).
    pub days: u32,
    /// "Now"; this module never reads the clock.
    pub now: DateTime<Utc>,
}

/// One invented patient-portal message, as an inbound interface would deliver it,
/// plus the nurse actions already taken on it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticMessage {
    /// Unique per (seed, index): `demo-<seed>-<index:08>`.
    pub source_id: String,
    /// `<= now` and `> now - days`; non-decreasing across the iterator.
    pub received_at: DateTime<Utc>,
    /// "First Last".
    pub patient_name: String,
    /// "MRN" + 7 digits, stable per synthetic patient.
    pub patient_mrn: String,
    /// The patient, or a proxy with the relationship: "Maria Lopez (daughter)".
    pub sender: String,
    pub subject: String,
    pub body: String,
    /// What the patient picked in the portal: "medical question", "refill",
    /// "appointment", "test result", "forms", "billing" or "referral".
    pub category: String,
    /// Nurse actions already taken, in time order; empty means still open.
    pub triage: Vec<SyntheticAction>,
}

/// A nurse action already recorded on a synthetic message.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticAction {
    /// One of "replied", "called", "routed-provider", "routed-staff",
    /// "redirected-urgent", "same-day", "no-reply-needed".
    pub action: &'static str,
    /// After the message was received and no later than `now`.
    pub occurred_at: DateTime<Utc>,
    /// A nurse from the messaging team, e.g. "RN Alvarez".
    pub nurse: &'static str,
    /// Short nurse note, sometimes absent.
    pub note: Option<String>,
}

/// Lazily yields `plan.count` messages in received order.
///
/// Only the sorted arrival times (8 bytes per message) are held in memory;
/// each message is built when the iterator reaches it.
pub fn generate(plan: &SeedPlan) -> impl Iterator<Item = SyntheticMessage> + use<> {
    let generator = Generator::new(plan);
    let times = generator.arrival_times(plan.count);
    times.into_iter().zip(0u64..).map(move |(received, index)| generator.build(index, received).message)
}

const REPLIED: &str = "replied";
const CALLED: &str = "called";
const ROUTED_PROVIDER: &str = "routed-provider";
const ROUTED_STAFF: &str = "routed-staff";
const REDIRECTED_URGENT: &str = "redirected-urgent";
const SAME_DAY: &str = "same-day";
const NO_REPLY_NEEDED: &str = "no-reply-needed";

// ------------------------------------------------------------------ randomness

/// SplitMix64: small, fast, and good enough for invented data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        finalize(self.0)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, list: &[T]) -> T {
        list[self.below(list.len() as u64) as usize]
    }
}

fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Derives an independent stream seed from a plan seed, a purpose and an index.
fn stream(seed: u64, purpose: u64, index: u64) -> u64 {
    finalize(finalize(seed ^ purpose.wrapping_mul(0xD6E8_FEB8_6659_FD93)).wrapping_add(index))
}

const TIMES: u64 = 1;
const PATIENTS: u64 = 2;
const MESSAGES: u64 = 3;
const CLINIC: u64 = 4;

// ------------------------------------------------------------------ clinic time

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// Eastern time, without daylight saving.
const EASTERN_OFFSET: i64 = -5 * HOUR;
/// When nurses work the queue, Eastern: 08:00–17:00 on weekdays, and an
/// on-call nurse checks it 10:00–13:00 on weekends.
fn queue_hours(weekday: i64) -> (i64, i64) {
    if weekday < 5 { (8 * HOUR, 17 * HOUR) } else { (10 * HOUR, 13 * HOUR) }
}
/// The longest window honoured, so times stay far inside chrono's range.
const MAX_DAYS: u32 = 36_600;

/// Relative arrivals per hour of the Eastern day.
const HOUR_WEIGHT: [u64; 24] = [3, 2, 2, 2, 2, 3, 6, 12, 25, 32, 30, 28, 26, 27, 26, 24, 22, 20, 18, 16, 14, 11, 7, 4];
/// Relative arrivals per weekday, Monday first.
const DAY_WEIGHT: [u64; 7] = [125, 105, 100, 100, 90, 38, 40];

/// (day number since 1970-01-01, Monday-based weekday, second of day), Eastern.
fn eastern(t: i64) -> (i64, i64, i64) {
    let local = t + EASTERN_OFFSET;
    let day = local.div_euclid(DAY);
    // 1970-01-01 was a Thursday.
    (day, (day + 3).rem_euclid(7), local.rem_euclid(DAY))
}

fn arrival_rate(t: i64) -> u64 {
    let (_, weekday, second) = eastern(t);
    let hour = (second / HOUR) as usize;
    let weekday = weekday as usize;
    let rate = HOUR_WEIGHT[hour] * DAY_WEIGHT[weekday];
    if weekday == 0 && hour < 12 {
        // The weekend's worth of worries lands on Monday morning.
        rate * 13 / 10
    } else {
        rate
    }
}

fn in_queue_hours(t: i64) -> bool {
    let (_, weekday, second) = eastern(t);
    let (open, close) = queue_hours(weekday);
    (open..close).contains(&second)
}

/// The first second at or after `t` when a nurse is working the queue.
fn next_open(mut t: i64) -> i64 {
    loop {
        let (_, weekday, second) = eastern(t);
        let (open, close) = queue_hours(weekday);
        if second < open {
            return t + open - second;
        }
        if second < close {
            return t;
        }
        t += DAY - second;
    }
}

/// `t` plus `work` seconds of time when a nurse is working the queue.
fn add_queue_time(t: i64, mut work: i64) -> i64 {
    let mut t = next_open(t);
    loop {
        let (_, weekday, second) = eastern(t);
        let close = t + queue_hours(weekday).1 - second;
        if t + work <= close {
            return t + work;
        }
        work -= close - t;
        t = next_open(close);
    }
}

fn at(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

// ------------------------------------------------------------------ patients

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AgeGroup {
    Infant,
    Child,
    Adult,
    Older,
}

impl AgeGroup {
    fn bit(self) -> u8 {
        match self {
            AgeGroup::Infant => content::INFANT,
            AgeGroup::Child => content::CHILD,
            AgeGroup::Adult => content::ADULT,
            AgeGroup::Older => content::OLDER,
        }
    }

    fn index(self) -> usize {
        match self {
            AgeGroup::Infant => 0,
            AgeGroup::Child => 1,
            AgeGroup::Adult => 2,
            AgeGroup::Older => 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProxyKind {
    Parent,
    AdultChild,
    Spouse,
}

#[derive(Debug, Clone, Copy)]
struct Person {
    first: &'static str,
    last: &'static str,
    female: bool,
}

impl Person {
    fn push_full(&self, out: &mut String) {
        out.push_str(self.first);
        out.push(' ');
        out.push_str(self.last);
    }
}

/// A synthetic patient; everything about them follows from (seed, patient number).
struct Patient {
    person: Person,
    group: AgeGroup,
    mrn: u64,
    doctor: &'static str,
    pharmacy: &'static str,
    meds: [(&'static str, &'static str); 2],
    proxy: Person,
    proxy_kind: ProxyKind,
    /// How often (per mille) the proxy writes instead of the patient.
    proxy_share: u64,
}

impl Patient {
    fn new(seed: u64, mrn_base: u64, number: u64) -> Self {
        let mut rng = Rng::new(stream(seed, PATIENTS, number));
        let group = match rng.below(1000) {
            0..12 => AgeGroup::Infant,
            12..57 => AgeGroup::Child,
            57..277 => AgeGroup::Older,
            _ => AgeGroup::Adult,
        };
        let person = if rng.chance(6) {
            let (first, last, female) = rng.pick(SCRIPT_NAMES);
            Person { first, last, female }
        } else {
            let female = rng.chance(520);
            random_person(&mut rng, female)
        };
        let med_list = match group {
            AgeGroup::Infant => INFANT_MEDS,
            AgeGroup::Child => CHILD_MEDS,
            AgeGroup::Adult => ADULT_MEDS,
            AgeGroup::Older => OLDER_MEDS,
        };
        let first_med = rng.below(med_list.len() as u64) as usize;
        let second_med = (first_med + 1 + rng.below(med_list.len() as u64 - 1) as usize) % med_list.len();
        let (proxy_kind, proxy_female, same_last) = match group {
            AgeGroup::Infant | AgeGroup::Child => (ProxyKind::Parent, rng.chance(750), rng.chance(850)),
            AgeGroup::Older if rng.chance(750) => (ProxyKind::AdultChild, rng.chance(650), rng.chance(600)),
            _ => {
                let opposite = rng.chance(920);
                (ProxyKind::Spouse, person.female != opposite, rng.chance(750))
            }
        };
        let mut proxy = random_person(&mut rng, proxy_female);
        if same_last {
            proxy.last = person.last;
        }
        let proxy_share = match group {
            AgeGroup::Infant | AgeGroup::Child => 1000,
            AgeGroup::Older => {
                if rng.chance(350) {
                    380
                } else {
                    0
                }
            }
            AgeGroup::Adult => {
                if rng.chance(120) {
                    250
                } else {
                    0
                }
            }
        };
        Patient {
            person,
            group,
            // A bijection on 0..10^7, so MRNs never collide within a pool.
            mrn: (number.wrapping_mul(7_368_787).wrapping_add(mrn_base)) % 10_000_000,
            doctor: rng.pick(PROVIDERS),
            pharmacy: rng.pick(content::PHARMACIES),
            meds: [med_list[first_med], med_list[second_med]],
            proxy,
            proxy_kind,
            proxy_share,
        }
    }

    /// The patient's relation to the proxy ("my daughter"), and the proxy's to the patient.
    fn relations(&self) -> (&'static str, &'static str) {
        let (patient_f, patient_m, proxy_f, proxy_m) = match self.proxy_kind {
            ProxyKind::Parent => ("daughter", "son", "mother", "father"),
            ProxyKind::AdultChild => ("mom", "dad", "daughter", "son"),
            ProxyKind::Spouse => ("wife", "husband", "wife", "husband"),
        };
        (if self.person.female { patient_f } else { patient_m }, if self.proxy.female { proxy_f } else { proxy_m })
    }

    fn fits(&self, red_flag: &RedFlag) -> bool {
        red_flag.fits & self.group.bit() != 0 && (!red_flag.female_only || self.person.female)
    }
}

fn random_person(rng: &mut Rng, female: bool) -> Person {
    let first = if female { rng.pick(FEMALE_FIRST) } else { rng.pick(MALE_FIRST) };
    Person { first, last: rng.pick(LAST_NAMES), female }
}

// ------------------------------------------------------------------ generator

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Affirmed,
    Negated,
    Hypothetical,
}

/// A red flag placed in a message (kept for the module's own tests).
#[cfg_attr(not(test), allow(dead_code))]
struct PlacedRedFlag {
    kind: &'static str,
    form: Form,
    sentence: String,
}

struct Built {
    message: SyntheticMessage,
    #[cfg_attr(not(test), allow(dead_code))]
    red_flag: Option<PlacedRedFlag>,
}

struct Generator {
    seed: u64,
    now: i64,
    earliest: i64,
    pool: u64,
    mrn_base: u64,
    /// Topic indices by [category][age group].
    topics: Vec<[Vec<usize>; 4]>,
    red_flag_total: u64,
}

/// Where a red-flag sentence goes in the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    Before,
    After,
    Postscript,
}

/// Text-building context: who the message is about and who is typing.
struct Voice<'a> {
    patient: &'a Patient,
    /// 0 when the patient writes; 1 (she) or 2 (he) when a proxy writes about them.
    person: usize,
    writer: Person,
    relation: &'static str,
    writer_relation: &'static str,
}

impl Generator {
    fn new(plan: &SeedPlan) -> Self {
        let days = plan.days.clamp(1, MAX_DAYS);
        let now = plan.now.timestamp();
        let pool = (plan.count / 6).clamp(50, 5_000_000);
        let topics = Category::ALL
            .iter()
            .map(|&category| {
                [AgeGroup::Infant, AgeGroup::Child, AgeGroup::Adult, AgeGroup::Older].map(|group| {
                    TOPICS
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.category == category && t.fits & group.bit() != 0)
                        .map(|(i, _)| i)
                        .collect()
                })
            })
            .collect();
        Generator {
            seed: plan.seed,
            now,
            earliest: now - i64::from(days) * DAY + 1,
            pool,
            mrn_base: Rng::new(stream(plan.seed, PATIENTS, u64::MAX)).below(10_000_000),
            topics,
            red_flag_total: RED_FLAGS.iter().map(|r| u64::from(r.weight)).sum(),
        }
    }

    /// `count` arrival seconds in `earliest..=now`, weighted by weekday and hour, sorted.
    fn arrival_times(&self, count: u64) -> Vec<i64> {
        struct Slice {
            start: i64,
            rate: u64,
            cumulative: u64,
        }
        let mut slices = Vec::new();
        let mut start = self.earliest;
        let mut cumulative = 0u64;
        while start <= self.now {
            let end = ((start.div_euclid(HOUR) + 1) * HOUR - 1).min(self.now);
            let rate = arrival_rate(start);
            cumulative += rate * (end - start + 1) as u64;
            slices.push(Slice { start, rate, cumulative });
            start = end + 1;
        }
        let mut rng = Rng::new(stream(self.seed, TIMES, 0));
        let mut times = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        for _ in 0..count {
            let draw = rng.below(cumulative);
            let i = slices.partition_point(|s| s.cumulative <= draw);
            let before = if i == 0 { 0 } else { slices[i - 1].cumulative };
            let slice = &slices[i];
            times.push(slice.start + ((draw - before) / slice.rate) as i64);
        }
        times.sort_unstable();
        times
    }

    fn patient(&self, number: u64) -> Patient {
        Patient::new(self.seed, self.mrn_base, number)
    }

    fn pick_patient_number(&self, rng: &mut Rng) -> u64 {
        // A tenth of the patients are frequent writers.
        if rng.chance(300) { rng.below(self.pool / 10 + 1) } else { rng.below(self.pool) }
    }

    fn pick_red_flag(&self, rng: &mut Rng) -> &'static RedFlag {
        let mut draw = rng.below(self.red_flag_total);
        for red_flag in RED_FLAGS {
            let weight = u64::from(red_flag.weight);
            if draw < weight {
                return red_flag;
            }
            draw -= weight;
        }
        &RED_FLAGS[0]
    }

    /// A topic that suits the age group; `medical` forces a medical question.
    fn pick_topic(&self, rng: &mut Rng, group: AgeGroup, medical: bool) -> &'static Topic {
        let mut draw = rng.below(1000);
        let mut category = 0;
        for (i, c) in Category::ALL.iter().enumerate() {
            let weight = c.weight();
            if medical || draw < weight {
                category = i;
                break;
            }
            draw -= weight;
        }
        let mut options = &self.topics[category][group.index()];
        if options.is_empty() {
            options = &self.topics[0][group.index()];
        }
        &TOPICS[rng.pick(options)]
    }

    /// Builds message `index`, received at second `received`.
    fn build(&self, index: u64, received: i64) -> Built {
        let mut rng = Rng::new(stream(self.seed, MESSAGES, index));

        // Red flag first, then a patient it can plausibly be about.
        let form = match rng.below(1000) {
            0..20 => Some(Form::Affirmed),
            20..30 => Some(Form::Negated),
            30..40 => Some(Form::Hypothetical),
            _ => None,
        };
        let mut red_flag = form.map(|_| self.pick_red_flag(&mut rng));
        let mut patient = self.patient(self.pick_patient_number(&mut rng));
        if let Some(flag) = red_flag {
            let mut tries = 0;
            while !patient.fits(flag) && tries < 400 {
                patient = self.patient(self.pick_patient_number(&mut rng));
                tries += 1;
            }
            if !patient.fits(flag) {
                red_flag = RED_FLAGS.iter().find(|r| patient.fits(r));
            }
        }

        let by_proxy = rng.below(1000) < patient.proxy_share;
        let (relation, writer_relation) = patient.relations();
        let voice = Voice {
            patient: &patient,
            person: if !by_proxy {
                0
            } else if patient.person.female {
                1
            } else {
                2
            },
            writer: if by_proxy { patient.proxy } else { patient.person },
            relation,
            writer_relation,
        };

        // "No chest pain, just the cough" belongs in a message about symptoms.
        let medical = form == Some(Form::Negated) && rng.chance(800);
        let topic = self.pick_topic(&mut rng, patient.group, medical);
        let mut category = if rng.chance(70) { rng.pick(&Category::ALL) } else { topic.category };

        // ---- body
        let mut body = String::with_capacity(700);
        let mut placed: Option<(Placement, usize)> = None;
        let urgent_only = form == Some(Form::Affirmed) && rng.chance(350);
        let length = rng.below(1000);
        let terse = red_flag.is_none() && length < 120;
        let long = !terse && length >= 750;

        if urgent_only {
            if rng.chance(550) {
                fill(&mut body, greeting(&mut rng, received), &voice, &mut rng);
                body.push_str(if rng.chance(500) { "\n\n" } else { " " });
            }
            if by_proxy {
                fill(&mut body, rng.pick(intros(patient.proxy_kind)), &voice, &mut rng);
                body.push(' ');
            }
            placed = Some((Placement::Before, body.len()));
            fill(&mut body, rng.pick(URGENT_ASKS), &voice, &mut rng);
            if rng.chance(450) {
                body.push_str("\n\n");
                fill(&mut body, rng.pick(SIGN_OFFS), &voice, &mut rng);
            }
            if rng.chance(700) {
                category = Category::MedicalQuestion;
            }
        } else if terse {
            if by_proxy {
                fill(&mut body, rng.pick(content::TERSE_INTROS), &voice, &mut rng);
            }
            fill(&mut body, rng.pick(topic.terse), &voice, &mut rng);
        } else {
            if rng.chance(if long { 750 } else { 600 }) {
                fill(&mut body, greeting(&mut rng, received), &voice, &mut rng);
                body.push_str(if rng.chance(600) { "\n\n" } else { " " });
            }
            if by_proxy {
                fill(&mut body, rng.pick(intros(patient.proxy_kind)), &voice, &mut rng);
                body.push(' ');
            }
            let placement = match rng.below(100) {
                0..25 => Placement::Before,
                25..75 => Placement::After,
                _ => Placement::Postscript,
            };
            if red_flag.is_some() && placement == Placement::Before {
                placed = Some((placement, body.len()));
            }
            fill(&mut body, rng.pick(topic.main), &voice, &mut rng);
            if rng.chance(if long { 800 } else { 450 }) {
                body.push(' ');
                fill(&mut body, rng.pick(topic.more), &voice, &mut rng);
            }
            if red_flag.is_some() && placement == Placement::After {
                placed = Some((placement, body.len()));
            }
            if long {
                for _ in 0..=rng.below(2) {
                    body.push_str("\n\n");
                    let extra = if by_proxy && rng.chance(400) { rng.pick(PROXY_EXTRAS) } else { rng.pick(EXTRAS) };
                    fill(&mut body, extra, &voice, &mut rng);
                }
                if !topic.thanks && rng.chance(400) {
                    let second = self.pick_topic(&mut rng, patient.group, false);
                    if !second.thanks && !std::ptr::eq(second, topic) {
                        body.push_str("\n\n");
                        body.push_str(rng.pick(SECOND_ISSUE));
                        fill(&mut body, rng.pick(second.main), &voice, &mut rng);
                    }
                }
            }
            if rng.chance(700) {
                body.push_str(if long { "\n\n" } else { " " });
                let ask = if topic.thanks || rng.chance(550) { rng.pick(topic.asks) } else { rng.pick(ASKS) };
                fill(&mut body, ask, &voice, &mut rng);
            }
            if rng.chance(if long { 750 } else { 550 }) {
                body.push_str("\n\n");
                fill(&mut body, rng.pick(SIGN_OFFS), &voice, &mut rng);
            }
            if red_flag.is_some() && placement == Placement::Postscript {
                placed = Some((placement, body.len()));
            }
        }

        // Typos go in before the red-flag sentence, so that sentence stays as written.
        let mut mark = placed.map_or(body.len(), |(_, at)| at);
        if rng.chance(if terse { 300 } else { 180 }) {
            for _ in 0..=rng.below(3) {
                add_typo(&mut body, &mut mark, &mut rng);
            }
        }

        let placed_flag = match (red_flag, form, placed) {
            (Some(flag), Some(form), Some((placement, _))) => {
                let mut sentence = String::with_capacity(120);
                let lines = match form {
                    Form::Affirmed => flag.affirmed,
                    Form::Negated => flag.negated,
                    Form::Hypothetical => flag.hypothetical,
                };
                fill(&mut sentence, rng.pick(lines), &voice, &mut rng);
                let insert = match placement {
                    Placement::Before => format!("{sentence} "),
                    Placement::After => format!(" {sentence}"),
                    Placement::Postscript => {
                        let lead = if rng.chance(500) { "\n\nP.S. " } else { "\n\nps " };
                        format!("{lead}{sentence}")
                    }
                };
                body.insert_str(mark, &insert);
                Some(PlacedRedFlag { kind: flag.kind, form, sentence })
            }
            _ => None,
        };

        // Some people type in all lower case, some skip punctuation.
        if rng.chance(if terse { 300 } else { 70 }) {
            body.make_ascii_lowercase();
        }
        if rng.chance(if terse { 250 } else { 50 }) {
            body = strip_punctuation(&body);
        }

        // ---- subject
        let mut subject = String::with_capacity(32);
        match (red_flag, form) {
            (Some(flag), Some(Form::Affirmed)) if rng.chance(if urgent_only { 250 } else { 150 }) => {
                subject.push_str(rng.pick(flag.subjects));
            }
            _ if urgent_only => fill(&mut subject, rng.pick(VAGUE_SUBJECTS), &voice, &mut rng),
            _ => {
                let vague = rng.chance(if terse || placed_flag.is_some() { 350 } else { 250 });
                let list = if vague { VAGUE_SUBJECTS } else { topic.subjects };
                fill(&mut subject, rng.pick(list), &voice, &mut rng);
            }
        }
        if rng.chance(100) {
            subject.make_ascii_lowercase();
        }

        // ---- who
        let mut patient_name = String::with_capacity(24);
        patient.person.push_full(&mut patient_name);
        let sender = if by_proxy {
            let mut sender = String::with_capacity(40);
            patient.proxy.push_full(&mut sender);
            sender.push_str(" (");
            sender.push_str(writer_relation);
            sender.push(')');
            sender
        } else {
            patient_name.clone()
        };

        let triage = self.triage(&mut rng, received, topic, form, by_proxy);

        Built {
            message: SyntheticMessage {
                source_id: source_id(self.seed, index),
                received_at: at(received),
                patient_name,
                patient_mrn: {
                    let mut mrn = String::with_capacity(10);
                    mrn.push_str("MRN");
                    push_padded(&mut mrn, patient.mrn, 7);
                    mrn
                },
                sender,
                subject,
                body,
                category: category.label().to_string(),
                triage,
            },
            red_flag: placed_flag,
        }
    }

    /// The nurse actions already taken on a message received at `received`.
    fn triage(
        &self,
        rng: &mut Rng,
        received: i64,
        topic: &Topic,
        form: Option<Form>,
        by_proxy: bool,
    ) -> Vec<SyntheticAction> {
        let (first_at, steps): (i64, &[&'static str]) = if form == Some(Form::Affirmed) {
            let first_at = if in_queue_hours(received) {
                received + rng.between(180, 3_300)
            } else {
                next_open(received) + rng.between(300, 2_700)
            };
            let urgent = if rng.chance(600) { REDIRECTED_URGENT } else { SAME_DAY };
            let steps: &[&'static str] = match (rng.below(1000), urgent) {
                (0..15, _) => &[],
                (15..165, REDIRECTED_URGENT) => &[CALLED, REDIRECTED_URGENT],
                (15..165, _) => &[CALLED, SAME_DAY],
                (_, REDIRECTED_URGENT) => &[REDIRECTED_URGENT],
                _ => &[SAME_DAY],
            };
            (first_at, steps)
        } else {
            let delay = match rng.below(100) {
                0..25 => rng.between(300, HOUR),
                25..70 => rng.between(HOUR, 4 * HOUR),
                70..95 => rng.between(4 * HOUR, 9 * HOUR),
                _ => rng.between(9 * HOUR, 14 * HOUR),
            };
            let first_at = add_queue_time(received, delay);
            let roll = rng.below(1000);
            let steps: &[&'static str] = if roll < 10 {
                // Lost in the queue.
                &[]
            } else if roll < 25 {
                // Left a voicemail; waiting for a call back.
                &[CALLED]
            } else if topic.thanks {
                if rng.chance(850) { &[NO_REPLY_NEEDED] } else { &[REPLIED] }
            } else {
                routine_steps(topic.category, rng.below(100))
            };
            (first_at, steps)
        };

        let mut actions = Vec::with_capacity(steps.len());
        let mut when = first_at;
        for (i, &action) in steps.iter().enumerate() {
            if i > 0 {
                when += if steps[i - 1] == CALLED { rng.between(120, 2_400) } else { rng.between(600, 4 * HOUR) };
            }
            if when > self.now {
                break;
            }
            actions.push(SyntheticAction {
                action,
                occurred_at: at(when),
                nurse: nurse_on_duty(self.seed, when, rng),
                note: nurse_note(action, topic.category, by_proxy, rng),
            });
        }
        actions
    }
}

/// The usual ways a message of each kind gets worked, by a roll in `0..100`.
fn routine_steps(category: Category, roll: u64) -> &'static [&'static str] {
    match category {
        Category::MedicalQuestion => match roll {
            0..35 => &[REPLIED],
            35..53 => &[CALLED, REPLIED],
            53..75 => &[ROUTED_PROVIDER],
            75..82 => &[CALLED, ROUTED_PROVIDER],
            82..90 => &[SAME_DAY],
            90..95 => &[CALLED, SAME_DAY],
            _ => &[ROUTED_STAFF],
        },
        Category::Refill => match roll {
            0..45 => &[ROUTED_STAFF],
            45..75 => &[REPLIED],
            75..90 => &[ROUTED_PROVIDER],
            _ => &[CALLED, REPLIED],
        },
        Category::Appointment => match roll {
            0..55 => &[ROUTED_STAFF],
            55..90 => &[REPLIED],
            _ => &[CALLED, ROUTED_STAFF],
        },
        Category::TestResult => match roll {
            0..45 => &[REPLIED],
            45..80 => &[ROUTED_PROVIDER],
            _ => &[CALLED, REPLIED],
        },
        Category::Forms => match roll {
            0..65 => &[ROUTED_STAFF],
            65..90 => &[REPLIED],
            _ => &[ROUTED_PROVIDER],
        },
        Category::Billing => match roll {
            0..75 => &[ROUTED_STAFF],
            75..95 => &[REPLIED],
            _ => &[NO_REPLY_NEEDED],
        },
        Category::Referral => match roll {
            0..50 => &[ROUTED_STAFF],
            50..80 => &[ROUTED_PROVIDER],
            _ => &[REPLIED],
        },
    }
}

/// Two nurses work the queue each day, on a rota.
fn nurse_on_duty(seed: u64, t: i64, rng: &mut Rng) -> &'static str {
    let (day, _, _) = eastern(t);
    let rota = Rng::new(stream(seed, CLINIC, 0)).below(NURSES.len() as u64) as i64;
    let slot = (day * 2 + rota + rng.below(2) as i64).rem_euclid(NURSES.len() as i64);
    NURSES[slot as usize]
}

fn nurse_note(action: &str, category: Category, by_proxy: bool, rng: &mut Rng) -> Option<String> {
    if !rng.chance(700) {
        return None;
    }
    let notes: &[&str] = match action {
        REPLIED => match category {
            Category::MedicalQuestion => &[
                "Answered question.",
                "Sent home care advice; call if worse.",
                "Replied with provider's answer.",
                "Explained next steps.",
            ],
            Category::Refill => &["Refill sent to pharmacy.", "Told pt refill sent.", "Explained PA process."],
            Category::Appointment => &["Sent appointment options.", "Rescheduled, pt notified."],
            Category::TestResult => {
                &["Reviewed results per provider note.", "Results normal per provider, pt informed."]
            }
            Category::Forms => &["Form instructions sent.", "Told pt form ready in 5-7 days."],
            Category::Billing => &["Gave billing office number."],
            Category::Referral => &["Referral status sent.", "Referral resent, pt informed."],
        },
        CALLED if by_proxy => &[
            "Spoke with family member on HIPAA form.",
            "LVM for family member to call back.",
            "Phone triage with family member.",
        ],
        CALLED => &[
            "LVM to call back.",
            "No answer, LVM.",
            "Spoke with pt.",
            "Phone triage done.",
            "Mailbox full, sent portal msg.",
        ],
        ROUTED_PROVIDER => &[
            "To PCP for review.",
            "Needs provider decision re: dose.",
            "Results to provider.",
            "Forwarded to covering provider.",
            "FYI to PCP.",
        ],
        ROUTED_STAFF => match category {
            Category::Refill => &["To refill staff.", "Refill pool."],
            Category::Appointment => &["To front desk for scheduling.", "Scheduling to call pt."],
            Category::Billing => &["To billing office.", "Billing to review account."],
            Category::Forms => &["To forms/medical records.", "Form to MA for completion."],
            Category::Referral => &["To referral coordinator.", "Referral staff to resend."],
            _ => &["To MA pool.", "Front desk to follow up."],
        },
        REDIRECTED_URGENT => &[
            "Advised ED now, pt agrees.",
            "Advised to call 911.",
            "Family taking pt to ED.",
            "Advised ED; provider notified.",
        ],
        SAME_DAY => &[
            "Same-day appt booked.",
            "Added on to PCP schedule this afternoon.",
            "Same-day video visit.",
            "Seen today with covering provider.",
        ],
        _ => &["Thank-you message.", "FYI only.", "Duplicate of earlier message.", "Update, no action needed."],
    };
    Some(rng.pick(notes).to_string())
}

/// A greeting; "Good morning" and the like match the Eastern time of day.
fn greeting(rng: &mut Rng, received: i64) -> &'static str {
    let chosen = rng.pick(GREETINGS);
    if !chosen.starts_with("Good ") {
        return chosen;
    }
    let (_, _, second) = eastern(received);
    match second / HOUR {
        0..4 => "Hello,",
        4..12 => "Good morning,",
        12..17 => "Good afternoon,",
        _ => "Good evening",
    }
}

fn intros(kind: ProxyKind) -> &'static [&'static str] {
    match kind {
        ProxyKind::Parent => PARENT_INTROS,
        ProxyKind::AdultChild => CHILD_INTROS,
        ProxyKind::Spouse => SPOUSE_INTROS,
    }
}

// ------------------------------------------------------------------ text

/// Appends `template` to `out`, replacing each `{slot}`.
fn fill(out: &mut String, template: &str, voice: &Voice, rng: &mut Rng) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                slot(out, &after[..close], voice, rng);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// Appends the text for one slot.
fn slot(out: &mut String, name: &str, voice: &Voice, rng: &mut Rng) {
    let p = voice.person;
    let patient = voice.patient;
    let pronoun = |forms: [&'static str; 3]| forms[p];
    let text: &str = match name {
        "I" => pronoun(["I", "She", "He"]),
        "i" => pronoun(["I", "she", "he"]),
        "My" => pronoun(["My", "Her", "His"]),
        "my" => pronoun(["my", "her", "his"]),
        "me" => pronoun(["me", "her", "him"]),
        "myself" => pronoun(["myself", "herself", "himself"]),
        "Im" => pronoun(["I'm", "She's", "He's"]),
        "im" => pronoun(["I'm", "she's", "he's"]),
        "Ive" => pronoun(["I've", "She's", "He's"]),
        "ive" => pronoun(["I've", "she's", "he's"]),
        "s" => pronoun(["", "s", "s"]),
        "es" => pronoun(["", "es", "es"]),
        "do" => pronoun(["do", "does", "does"]),
        "Do" => pronoun(["Do", "Does", "Does"]),
        "have" => pronoun(["have", "has", "has"]),
        "havent" => pronoun(["haven't", "hasn't", "hasn't"]),
        "dont" => pronoun(["don't", "doesn't", "doesn't"]),
        "am" => pronoun(["am", "is", "is"]),
        "first" => patient.person.first,
        "full" => {
            patient.person.push_full(out);
            return;
        }
        "wfirst" => voice.writer.first,
        "wfull" => {
            voice.writer.push_full(out);
            return;
        }
        "rel" => voice.relation,
        "wrel" => voice.writer_relation,
        "doc" => patient.doctor,
        "med" => {
            let (medicine, strength) = rng.pick(&patient.meds);
            out.push_str(medicine);
            if !strength.is_empty() && rng.chance(650) {
                out.push(' ');
                out.push_str(strength);
            }
            return;
        }
        "medname" => rng.pick(&patient.meds).0,
        "bothmeds" => {
            out.push_str(patient.meds[0].0);
            out.push_str(" and ");
            out.push_str(patient.meds[1].0);
            return;
        }
        "pharm" => {
            if rng.chance(800) {
                patient.pharmacy
            } else {
                rng.pick(content::PHARMACIES)
            }
        }
        "test" => rng.pick(content::TESTS),
        "lab" => rng.pick(content::LABS),
        "scan" => rng.pick(content::SCANS),
        "labresult" => rng.pick(content::LAB_RESULTS),
        "spec" => rng.pick(content::SPECIALTIES),
        "issue" => rng.pick(content::ISSUES),
        "day" => content::WEEKDAYS[rng.below(5) as usize],
        "when" => rng.pick(content::PAST_TIMES),
        "dur" => rng.pick(content::DURATIONS),
        "month" => rng.pick(content::MONTHS),
        "bodypart" => rng.pick(content::BODY_PARTS),
        "sport" => rng.pick(content::SPORTS),
        "ins" => rng.pick(content::INSURERS),
        "n" => {
            push_number(out, rng.between(2, 9) as u64);
            return;
        }
        "bp" => {
            push_number(out, rng.between(128, 172) as u64);
            out.push('/');
            push_number(out, rng.between(78, 102) as u64);
            return;
        }
        "sugar" => {
            push_number(out, rng.between(140, 260) as u64);
            return;
        }
        "amount" => {
            out.push('$');
            push_number(out, rng.between(35, 900) as u64);
            out.push('.');
            let cents = rng.below(100);
            out.push(char::from(b'0' + (cents / 10) as u8));
            out.push(char::from(b'0' + (cents % 10) as u8));
            return;
        }
        "date" => {
            push_number(out, rng.between(1, 12) as u64);
            out.push('/');
            push_number(out, rng.between(1, 28) as u64);
            return;
        }
        "time" => rng.pick(&["8:40", "9:15", "9:30", "10:00", "10:45", "11:20", "1:30", "2:15", "3:00", "3:45"]),
        "side" => {
            fill(out, rng.pick(content::SIDE_EFFECTS), voice, rng);
            return;
        }
        unknown => {
            debug_assert!(false, "unknown template slot {{{unknown}}}");
            return;
        }
    };
    out.push_str(text);
}

/// `demo-<seed>-<index, at least 8 digits>`.
fn source_id(seed: u64, index: u64) -> String {
    let mut id = String::with_capacity(40);
    id.push_str("demo-");
    push_number(&mut id, seed);
    id.push('-');
    push_padded(&mut id, index, 8);
    id
}

/// Appends `n` with leading zeros to at least `width` digits.
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = 1;
    let mut rest = n / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    for _ in digits..width {
        out.push('0');
    }
    push_number(out, n);
}

fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits[..len].iter().rev() {
        out.push(char::from(d));
    }
}

/// Adds one typo to `text[..*limit]`, keeping `*limit` pointing at the same place.
fn add_typo(text: &mut String, limit: &mut usize, rng: &mut Rng) {
    let roll = rng.below(100);
    if roll < 60 {
        misspell_a_word(text, limit, rng);
        return;
    }
    if *limit < 4 {
        return;
    }
    // Swap or drop a letter inside a lower-case word (so names are spared; ASCII
    // letters only, so char boundaries hold).
    let bytes = text.as_bytes();
    let start = rng.below(*limit as u64 - 2) as usize;
    for pos in start..*limit - 2 {
        if bytes[pos].is_ascii_lowercase()
            && bytes[pos + 1].is_ascii_lowercase()
            && bytes[pos + 2].is_ascii_lowercase()
            && word_is_lower_case(bytes, pos)
        {
            if roll < 85 {
                let (a, b) = (bytes[pos], bytes[pos + 1]);
                let swapped = [b, a];
                // Both are ASCII, so this stays valid UTF-8.
                if let Ok(pair) = std::str::from_utf8(&swapped) {
                    text.replace_range(pos..pos + 2, pair);
                }
            } else {
                text.remove(pos + 1);
                *limit -= 1;
            }
            return;
        }
    }
}

/// Whether the word around byte `pos` starts with a lower-case letter.
fn word_is_lower_case(bytes: &[u8], pos: usize) -> bool {
    let mut start = pos;
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let starts_word = start == 0 || bytes[start - 1].is_ascii();
    starts_word && bytes[start].is_ascii_lowercase()
}

/// Swaps one commonly misspelled word, if one is near a random spot before `*limit`.
fn misspell_a_word(text: &mut String, limit: &mut usize, rng: &mut Rng) {
    if *limit == 0 {
        return;
    }
    let bytes = text.as_bytes();
    let is_word_byte = |b: u8| b.is_ascii_alphabetic() || b == b'\'';
    let start = rng.below(*limit as u64) as usize;
    let stop = (start + 240).min(*limit);
    let mut pos = start;
    // Skip the rest of a word we landed inside.
    while pos < *limit && is_word_byte(bytes[pos]) {
        pos += 1;
    }
    while pos < stop {
        if !bytes[pos].is_ascii_alphabetic() {
            pos += 1;
            continue;
        }
        // Words start on an ASCII letter and end before a byte that is not one,
        // so both ends fall on char boundaries.
        let word_start = pos;
        while pos < *limit && is_word_byte(bytes[pos]) {
            pos += 1;
        }
        let word = &bytes[word_start..pos];
        if let Some(&(right, wrong)) = MISSPELLINGS.iter().find(|(right, _)| right.as_bytes() == word) {
            text.replace_range(word_start..pos, wrong);
            *limit = *limit + wrong.len() - right.len();
            return;
        }
    }
}

/// Drops commas, apostrophes and sentence-ending periods ("100.8" keeps its point).
fn strip_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ',' | '\'' => {}
            '.' if chars.peek().is_none_or(|next| next.is_whitespace() || *next == '.') => {}
            _ => out.push(c),
        }
    }
    out
}
