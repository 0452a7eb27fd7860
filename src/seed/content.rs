//! Word lists and phrase templates for the synthetic patient messages.
//!
//! Everything here is invented for demos and tests: the names belong to nobody,
//! the wording is ours, and none of it is taken from a triage protocol.
//!
//! Templates contain `{slot}` markers that `super::fill` replaces. Slots that
//! talk about the patient change with who is writing: `{I}` is "I" when the
//! patient writes and "She"/"He" when a family member writes for them, so
//! `{I} need{s} a refill on {my} {med}` reads "I need a refill on my
//! lisinopril" or "She needs a refill on her lisinopril". A plain "I" or "me"
//! in a template is always the person typing.

/// Who a template or red flag fits: bit set over the patient's age group.
pub(super) const INFANT: u8 = 1;
pub(super) const CHILD: u8 = 2;
pub(super) const ADULT: u8 = 4;
pub(super) const OLDER: u8 = 8;
const YOUNG: u8 = INFANT | CHILD;
const GROWN: u8 = ADULT | OLDER;
const ALL: u8 = INFANT | CHILD | ADULT | OLDER;
const NOT_INFANT: u8 = CHILD | ADULT | OLDER;

/// What the patient picked in the portal's "what is this about" list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Category {
    MedicalQuestion,
    Refill,
    Appointment,
    TestResult,
    Forms,
    Billing,
    Referral,
}

impl Category {
    pub(super) const ALL: [Category; 7] = [
        Category::MedicalQuestion,
        Category::Refill,
        Category::Appointment,
        Category::TestResult,
        Category::Forms,
        Category::Billing,
        Category::Referral,
    ];

    /// The portal's label for this category.
    pub(super) fn label(self) -> &'static str {
        match self {
            Category::MedicalQuestion => "medical question",
            Category::Refill => "refill",
            Category::Appointment => "appointment",
            Category::TestResult => "test result",
            Category::Forms => "forms",
            Category::Billing => "billing",
            Category::Referral => "referral",
        }
    }

    /// Relative share of messages, in tenths of a percent.
    pub(super) fn weight(self) -> u64 {
        match self {
            Category::MedicalQuestion => 300,
            Category::Refill => 220,
            Category::Appointment => 160,
            Category::TestResult => 120,
            Category::Forms => 70,
            Category::Billing => 50,
            Category::Referral => 80,
        }
    }
}

/// One thing a patient writes about, with the ways they put it.
pub(super) struct Topic {
    pub category: Category,
    pub fits: u8,
    /// A thank-you or update that needs no answer.
    pub thanks: bool,
    pub subjects: &'static [&'static str],
    /// The heart of the message: one to three sentences.
    pub main: &'static [&'static str],
    /// One-line versions for terse writers.
    pub terse: &'static [&'static str],
    /// Optional extra detail that follows the main text.
    pub more: &'static [&'static str],
    /// Closing questions.
    pub asks: &'static [&'static str],
}

pub(super) const TOPICS: &[Topic] = &[
    // ---------------------------------------------------------------- medical questions
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: false,
        subjects: &["rash", "Rash question", "skin", "itchy rash", "question about a rash"],
        main: &[
            "{Ive} had a rash on {my} {bodypart} for {dur}. It's red and itchy but not really spreading. {I} tried hydrocortisone cream and it helps a little.",
            "There's a rash on {my} {bodypart} that showed up {when}. Little red bumps, kind of itchy. {I} {havent} changed soaps or detergent or anything.",
            "{I} got some kind of rash after working in the yard {when}. It's in streaks on {my} {bodypart}, blistery and so itchy. Could it be poison ivy?",
            "Can I send a picture of a rash? It's on {my} {bodypart}, started {when}, and it's dry and scaly.",
        ],
        terse: &["rash on {my} {bodypart} what should {i} put on it", "itchy rash again"],
        more: &[
            "It gets worse at night.",
            "Nobody else in the house has it.",
            "It doesn't hurt, it just itches like crazy.",
        ],
        asks: &[
            "Is there a cream you can call in?",
            "Should {i} come in for this?",
            "Can I send a photo through the portal?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: false,
        subjects: &["cough", "Cough", "cold", "sick", "cough not going away"],
        main: &[
            "{Ive} had a cough for about {n} days now. It's mostly dry and worse at night, with some congestion too.",
            "{I} caught a cold {when} and now the cough is hanging on. Honey and cough drops help a little but it keeps {me} up at night.",
            "Coughing up some yellow stuff since {when}, low grade temp of 99.8 yesterday. Otherwise ok, still eating and drinking.",
            "This cold has been going on for {dur}. Stuffy nose, sore throat in the morning, and a cough.",
        ],
        terse: &["cough still not better", "still coughing, can {i} get something"],
        more: &[
            "Everyone at home has had the same thing.",
            "{I} took a home covid test and it was negative.",
            "{I} {have} been drinking lots of fluids and resting.",
        ],
        asks: &[
            "Could this need an antibiotic?",
            "Is there something stronger for the cough?",
            "Should {i} get tested for flu?",
            "How long should a cough like this last?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["BP readings", "blood pressure", "Blood pressure log", "bp", "home readings"],
        main: &[
            "{My} blood pressure readings at home this week were {bp}, {bp} and {bp}. {I} take{s} {my} {med} every morning.",
            "BP has been running high lately, around {bp} most mornings. {I} feel{s} fine otherwise.",
            "{I} checked {my} pressure at the pharmacy machine and it was {bp}. At home it's usually lower, more like {bp}.",
            "Here are {my} blood pressure numbers like {doc} asked: Monday {bp}, Wednesday {bp}, Friday {bp}.",
        ],
        terse: &["bp {bp} this am", "blood pressure {bp} is that ok"],
        more: &[
            "{I} {have} been cutting back on salt.",
            "The cuff is new, {i} got it at the pharmacy.",
            "{I} take{s} it sitting down after resting a few minutes like the nurse showed {me}.",
        ],
        asks: &[
            "Should the dose be changed?",
            "Is that too high?",
            "Do you want me to keep a log and bring it to the next visit?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["side effects", "new medicine", "medication question", "Question about my meds", "reaction?"],
        main: &["{side}", "{side} It started a few days after the first dose."],
        terse: &["{side}"],
        more: &[
            "{I} take{s} it with breakfast like the label says.",
            "{I} {havent} missed any doses.",
            "It's not terrible, just annoying.",
        ],
        asks: &[
            "Is that normal?",
            "Should {i} keep taking it?",
            "Is there something else {i} could try instead?",
            "Is it ok to stop it until I hear back?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["sleep", "can't sleep", "insomnia", "tired all the time"],
        main: &[
            "{Ive} been having a hard time sleeping for a few weeks. {I} fall{s} asleep fine but wake{s} up around 3 and can't get back to sleep.",
            "Is it ok to take melatonin with the other medicines? {I} {am} only getting 4 or 5 hours a night.",
            "{I} {am} tired all the time even after a full night of sleep. Someone told me {i} snore{s} really loud.",
        ],
        terse: &["cant sleep again", "is melatonin ok to take"],
        more: &[
            "{I} stopped drinking coffee after noon and it didn't help.",
            "Work has been stressful which probably doesn't help.",
        ],
        asks: &[
            "Is there something {i} could take?",
            "Should {i} get a sleep study?",
            "Any suggestions?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["back pain", "Back", "back hurting", "pain"],
        main: &[
            "{My} lower back has been hurting since {i} moved some furniture {when}. It's worse when {i} bend{s} over.",
            "Back pain is flaring up again, same spot as last year. Ibuprofen takes the edge off but doesn't last.",
            "{I} tweaked {my} back at work {when}. Can {i} get a note for light duty and maybe a muscle relaxer?",
        ],
        terse: &["back is out again", "lower back pain, can {i} get something"],
        more: &[
            "Heat helps more than ice.",
            "It doesn't go down {my} legs, it just stays in the low back.",
            "{I} sit{s} at a desk all day.",
        ],
        asks: &[
            "Should {i} do physical therapy?",
            "How long should {i} give it before coming in?",
            "Is it ok to keep taking ibuprofen every day?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: false,
        subjects: &["sore throat", "ear pain", "ear", "throat", "sick"],
        main: &[
            "{My} throat has been sore for {dur} and it hurts to swallow. No cough.",
            "{My} right ear hurts and feels plugged since {when}. There was a cold last week.",
            "{My} ears are popping and everything sounds muffled since the cold.",
        ],
        terse: &["sore throat, need strep test?", "ear hurts"],
        more: &["Salt water gargles help a bit.", "Nobody else is sick at home."],
        asks: &[
            "Does that need to be seen?",
            "Can someone look in {my} ear?",
            "Could it be strep?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["allergies", "sinus", "sinus infection?", "Allergy meds"],
        main: &[
            "Sinus pressure and a headache for about a week now, and the mucus is green. Is this a sinus infection?",
            "Spring allergies are terrible this year. The Zyrtec isn't touching it.",
            "Is it ok to take Claritin and Flonase together? {My} eyes are itchy and watery all day.",
        ],
        terse: &["allergies are bad, what can {i} take", "sinus infection again i think"],
        more: &["It's the same every April.", "{I} tried a neti pot."],
        asks: &["What would you recommend?", "Can you send something in?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["UTI?", "burning", "bladder infection", "urine"],
        main: &[
            "Burning when {i} pee{s} and going all the time since {when}. Feels like another bladder infection.",
            "{I} think{s} {i} {have} a UTI again. Same symptoms as last time, pressure low in the belly and burning.",
        ],
        terse: &["uti again i think", "burning when i pee since yesterday"],
        more: &["No fever.", "Drinking lots of water and cranberry juice."],
        asks: &[
            "Can you send an antibiotic or {do} {i} need to drop off a urine sample?",
            "Can I drop off a urine sample today?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["headaches", "Headache", "head aches"],
        main: &[
            "{Ive} been getting headaches most afternoons the past couple weeks. Tylenol helps. Could it be {my} glasses?",
            "The migraines are coming more often, about twice a week now. The sumatriptan still works when {i} take{s} it early.",
        ],
        terse: &["headaches again", "more migraines lately"],
        more: &[
            "{I} {am} staring at a computer all day.",
            "{I} {have} been drinking more water.",
        ],
        asks: &["Should {i} see the eye doctor first?", "Is there a daily medicine for this?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["knee", "Knee pain", "joint pain", "shoulder"],
        main: &[
            "{My} knee has been swollen and sore since {i} went hiking {when}. {I} can walk on it but stairs hurt.",
            "{My} right shoulder hurts when {i} reach{es} overhead. It's been about a month.",
            "{My} hands are stiff and achy in the mornings, it takes an hour to loosen up.",
        ],
        terse: &["knee still swollen", "shoulder pain not better"],
        more: &["Ice helps.", "{I} {havent} fallen or anything."],
        asks: &["Should {i} get an x-ray?", "{Do} {i} need to see ortho?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["heartburn", "acid reflux", "stomach", "Question"],
        main: &[
            "Heartburn almost every night, worse after dinner. The Tums aren't cutting it anymore.",
            "{Ive} had an upset stomach and diarrhea since {when}. Keeping fluids down ok.",
            "Constipated for almost a week. {I} tried prune juice and Miralax.",
        ],
        terse: &["heartburn every night", "stomach bug, ok to take imodium?"],
        more: &["{I} stopped eating late.", "Nothing new in {my} diet."],
        asks: &["What can {i} take for it?", "Is it ok to take Pepcid with {my} other pills?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["sugars", "blood sugar", "Sugar readings", "diabetes"],
        main: &[
            "{My} sugars have been running {sugar} to {sugar} in the mornings this week. {I} {havent} changed anything with {my} diet.",
            "Blood sugar was {sugar} after supper last night. Is that too high with the {medname}?",
        ],
        terse: &["sugar {sugar} this morning", "sugars running high"],
        more: &[
            "{I} {have} been walking after dinner.",
            "{I} had a cold last week which might be part of it.",
        ],
        asks: &["Should the dose go up?", "Do you need to see {me}?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["stress", "anxiety", "mood", "Question", "personal"],
        main: &[
            "{Ive} been feeling really anxious and stressed lately and it's hard to concentrate. {I} think{s} {i} might need to talk to someone.",
            "The sertraline doesn't seem to be doing much anymore. Still feeling down most days and not enjoying things.",
            "Is there someone at the clinic {i} could talk to about stress? Things at home have been hard.",
        ],
        terse: &["need to talk to someone about anxiety", "med for anxiety not working"],
        more: &[
            "{I} {am} still going to work and taking care of things.",
            "{I} tried the meditation app {doc} mentioned.",
        ],
        asks: &["Can {i} get a referral to counseling?", "Should the dose be adjusted?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: false,
        subjects: &["shots", "vaccines", "flu shot", "tetanus?"],
        main: &[
            "Is it time for {my} flu shot yet? And can the covid booster be given at the same visit?",
            "{I} stepped on a rusty nail {when}. When was {my} last tetanus shot?",
            "What vaccines are due this year? The school sent a letter.",
        ],
        terse: &["flu shot walk in?", "when was {my} last tetanus"],
        more: &["The pharmacy can give it too if that's easier."],
        asks: &["Can {i} just walk in for it?", "{Do} {i} need an appointment for that?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["mole", "spot on skin", "skin check"],
        main: &[
            "A mole on {my} {bodypart} has gotten darker and the edges look uneven now.",
            "There's a spot on {my} {bodypart} that keeps scabbing over and won't heal.",
        ],
        terse: &["mole looks different"],
        more: &["{I} had a lot of sunburns as a kid."],
        asks: &["Should dermatology look at it?", "Can {doc} look at it at the next visit?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: GROWN,
        thanks: false,
        subjects: &["weight", "diet", "question"],
        main: &[
            "{I} {have} gained about 15 pounds since the new medicine started. Any advice?",
            "{I} want{s} to lose some weight before {my} knee surgery. Is there a nutritionist {i} could see?",
        ],
        terse: &["gaining weight on the new med"],
        more: &["{I} walk{s} most days."],
        asks: &["Is there a nutritionist {i} could see?", "Could the medicine be causing it?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["covid", "exposure", "Covid exposure", "sick"],
        main: &[
            "A coworker tested positive for covid {when}. {I} {have} a scratchy throat now.",
            "Tested positive for covid this morning. Mild so far, just a headache and congestion.",
        ],
        terse: &["positive covid test", "covid exposure what do i do"],
        more: &["Everyone in the house is testing every day."],
        asks: &[
            "How long should {i} stay home?",
            "Is Paxlovid ok with {my} other medicines?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: false,
        subjects: &["medication question", "meds", "question about medicine", "Question"],
        main: &[
            "Can {i} take ibuprofen with {my} {medname}?",
            "{I} missed {my} {medname} yesterday. Should {i} just start again today?",
            "Is it ok to take {my} {medname} at night instead of in the morning?",
            "The pharmacy gave a different looking pill for {my} {medname}. Is it the same medicine?",
        ],
        terse: &["ok to take advil with {my} {medname}?", "missed a dose of {medname}"],
        more: &["{I} {have} been on it for a couple of years."],
        asks: &["Just want to be safe.", "Let me know."],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: false,
        subjects: &["pink eye", "eye", "eye infection?"],
        main: &[
            "{My} eye is red and crusty this morning, eyelids were stuck together on waking up.",
            "{My} left eye has been red and watery since {when}. No injury.",
        ],
        terse: &["pink eye i think"],
        more: &["Someone at daycare had pink eye last week."],
        asks: &["Can you send drops?", "Does that need to be seen?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["tick bite", "tick", "bug bite"],
        main: &[
            "Found a tick on {my} {bodypart} {when}. It was attached maybe a day. There's a small red bump where it was.",
        ],
        terse: &["tick bite, need antibiotic?"],
        more: &["{I} saved the tick in a baggie."],
        asks: &["Is the Lyme antibiotic needed?", "What should {i} watch for?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: INFANT,
        thanks: false,
        subjects: &["baby question", "feeding", "spitting up", "question about {first}"],
        main: &[
            "{first} has been spitting up after most feedings the last few days. Still having lots of wet diapers.",
            "Can we switch {my} formula? {I} seem{s} gassy and fussy after every bottle.",
            "{first} has a stuffy nose, no other symptoms. Are saline drops and the bulb ok to use?",
            "{first} has a diaper rash that won't clear up with the regular cream.",
        ],
        terse: &["ok to use saline drops for baby?", "diaper rash not getting better"],
        more: &[
            "{I} {am} eating well otherwise and sleeping ok.",
            "We are on our second week of trying the sensitive formula.",
        ],
        asks: &["Is that normal?", "Should we bring {me} in?", "What do you recommend?"],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: CHILD,
        thanks: false,
        subjects: &["question about {first}", "sick kid", "school nurse", "ankle"],
        main: &[
            "{first} has had a fever of 101 on and off for two days with a runny nose. {I} {am} drinking ok.",
            "{first} twisted {my} ankle at {sport} practice {when}. It's bruised and {i} {am} limping.",
            "The school nurse says {first} has lice. What treatment do you recommend?",
            "{first}'s ADHD medicine doesn't seem to last through the school day anymore.",
        ],
        terse: &["{first} has fever and ear pain", "lice again"],
        more: &[
            "{I} {am} still playing and eating.",
            "Tylenol brings the fever down.",
            "The teacher mentioned it too.",
        ],
        asks: &[
            "Should we bring {me} in?",
            "Can {i} go back to school tomorrow?",
            "What do you recommend?",
        ],
    },
    Topic {
        category: Category::MedicalQuestion,
        fits: ALL,
        thanks: true,
        subjects: &["thank you", "Thanks!", "update", "fyi"],
        main: &[
            "Just wanted to say thank you to {doc} and the nurses. Feeling much better now.",
            "Quick update: the antibiotic worked and the cough is almost gone. No need to call.",
            "Thank you for calling back so fast yesterday. Everything is fine now.",
            "FYI the pharmacy finally had the medicine in stock, all set.",
        ],
        terse: &["thank you!", "all better now thanks"],
        more: &["You all are the best."],
        asks: &["No reply needed."],
    },
    // ---------------------------------------------------------------- refills
    Topic {
        category: Category::Refill,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &[
            "refill",
            "Refill request",
            "Prescription",
            "medication refill",
            "Rx",
            "{medname}",
            "out of meds",
            "med refill please",
            "Pharmacy",
        ],
        main: &[
            "{I} need{s} a refill on {my} {med}. Please send it to {pharm}.",
            "Can you please refill {my} {med}? There are about {n} pills left.",
            "The pharmacy said {my} {med} is out of refills and they sent you a request {when}. Can you approve it?",
            "Requesting a refill of {med}, 90 day supply if possible. Pharmacy is {pharm}.",
            "{Im} going out of town on {day} and will run out of {my} {medname} while away. Can it be filled early?",
            "{My} {med} was supposed to go to {pharm} {when} but they say they never got it.",
            "Please refill {my} {medname} and {medname}. Same pharmacy as always.",
        ],
        terse: &[
            "refill {med}",
            "{medname} refill pls",
            "need refill on {my} {medname}",
            "refill request - {med} - {pharm}",
        ],
        more: &[
            "{I} {havent} missed any doses.",
            "It's working well, no problems.",
            "{I} had {my} checkup in {month}.",
        ],
        asks: &[
            "Thank you for sending it.",
            "Please let me know when it's sent.",
            "Can it be sent today?",
        ],
    },
    Topic {
        category: Category::Refill,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["prior auth", "insurance and meds", "Prescription", "pharmacy problem"],
        main: &[
            "{My} insurance changed and now they say {my} {medname} needs a prior authorization. The pharmacy told me to contact you.",
            "The copay for {my} {medname} went up to $80. Is there a cheaper one {i} can switch to?",
            "The pharmacy is out of {my} {medname} everywhere in town. Is there something similar you can send instead?",
        ],
        terse: &["prior auth needed for {medname}", "pharmacy out of {medname}"],
        more: &["The new insurance is {ins}.", "There are only a few days left."],
        asks: &["What should {i} do?", "Can you call the pharmacy?"],
    },
    Topic {
        category: Category::Refill,
        fits: NOT_INFANT,
        thanks: false,
        subjects: &["pharmacy change", "new pharmacy", "Prescriptions"],
        main: &[
            "Please send {my} prescriptions to {pharm} from now on, we moved.",
            "We switched to mail order. Can you send a new prescription for {my} {med} to them?",
        ],
        terse: &["new pharmacy is {pharm}"],
        more: &["The old one closed."],
        asks: &["Thanks for updating it."],
    },
    // ---------------------------------------------------------------- appointments
    Topic {
        category: Category::Appointment,
        fits: ALL,
        thanks: false,
        subjects: &["appointment", "Reschedule", "appt", "cancel appt", "scheduling", "change appointment"],
        main: &[
            "{I} need{s} to reschedule {my} appointment on {day} at {time}. Something came up at work.",
            "Can we move {my} appointment with {doc} to later in the week?",
            "I have to cancel the appointment tomorrow, the car is in the shop.",
            "{I} can't make it on {day}. Is there anything the following week in the morning?",
        ],
        terse: &["need to reschedule {day} appt", "cancel my appt {day}"],
        more: &["Sorry for the short notice.", "Mornings are best."],
        asks: &["Please let me know what's open.", "Thank you!"],
    },
    Topic {
        category: Category::Appointment,
        fits: GROWN,
        thanks: false,
        subjects: &["appointment", "Need appointment", "Appointment request", "annual physical", "follow up"],
        main: &[
            "Can {i} get in to see {doc} sometime next week? It's about {my} {issue}.",
            "I'd like to schedule {my} annual physical.",
            "{Im} due for the 3 month diabetes check. What's available?",
            "Is there any way to get in sooner than {month}? The first opening online is {n} weeks away.",
            "Can {my} follow up be a video visit instead? Driving is hard right now.",
        ],
        terse: &["need appt", "need to see {doc} soon", "physical please"],
        more: &[
            "{I} can do any day after 2.",
            "{I} {am} off on Fridays.",
            "The online scheduler isn't working for me.",
        ],
        asks: &["Please let me know what's open.", "Can someone call to schedule?"],
    },
    Topic {
        category: Category::Appointment,
        fits: YOUNG,
        thanks: false,
        subjects: &["well check", "appointment for {first}", "checkup", "shots appointment"],
        main: &[
            "{first} needs {my} well child check before school starts in {month}.",
            "We need to schedule {first}'s next checkup and shots.",
            "Can we get {first} in this week? {I} {have} been pulling at {my} ear.",
        ],
        terse: &["need well check for {first}", "appt for {first} pls"],
        more: &["After 3 is best because of school.", "We can come any morning."],
        asks: &["What times do you have?", "Thank you!"],
    },
    // ---------------------------------------------------------------- test results
    Topic {
        category: Category::TestResult,
        fits: GROWN,
        thanks: false,
        subjects: &["test results", "Lab results", "results question", "blood work", "{test}", "question about my labs", "results?"],
        main: &[
            "I saw {my} {test} results in the portal but I don't understand them. A few numbers are marked high.",
            "Did {doc} look at {my} {test} yet? It was done {when} and we haven't heard anything.",
            "{My} {test} shows {labflag}. Should {i} be worried?",
            "{I} had a {test} done at the hospital {when}. Did you get the results?",
            "Still waiting on {my} {test} results from {when}. Is no news good news?",
            "The report for {my} {test} mentions a small nodule. What does that mean? Nobody has called.",
        ],
        terse: &["results?", "did my {test} come back", "{test} results question"],
        more: &[
            "{I} was fasting when they drew it.",
            "Last time the numbers were better.",
            "I looked it up online and got myself worried.",
        ],
        asks: &[
            "Can someone explain what it means?",
            "Does anything need to change?",
            "{Do} {i} need to repeat it?",
        ],
    },
    Topic {
        category: Category::TestResult,
        fits: YOUNG,
        thanks: false,
        subjects: &["test results", "lab results for {first}", "strep test"],
        main: &[
            "Did {first}'s strep test come back? The rapid one was negative.",
            "We got a letter about {first}'s lead test. What does the number mean?",
        ],
        terse: &["{first} results?"],
        more: &["{I} still {have} a sore throat."],
        asks: &["Thank you.", "Do we need to do anything?"],
    },
    // ---------------------------------------------------------------- forms
    Topic {
        category: Category::Forms,
        fits: GROWN,
        thanks: false,
        subjects: &["forms", "FMLA", "paperwork", "Form for work", "disability paperwork", "work note", "letter"],
        main: &[
            "I need FMLA paperwork filled out for the upcoming surgery. Can I drop it off or should I fax it?",
            "My employer needs intermittent FMLA forms completed for the migraines by {day}.",
            "I need FMLA forms done so I can take {me} to {my} appointments.",
            "The short term disability paperwork needs to be completed by the doctor. It was faxed {when}.",
            "Can I get a work note for missing {day}? It was the stomach bug.",
            "I need the handicapped parking placard form signed.",
            "The DMV sent a medical form for the license renewal that {doc} needs to fill out.",
            "I'm applying for disability and the lawyer needs records and a form from {doc}.",
        ],
        terse: &["need work note for {day}", "FMLA forms faxed {when}", "form for DMV"],
        more: &[
            "There's a $25 fee right? That's fine.",
            "HR needs it by the end of the month.",
        ],
        asks: &["Please let me know when it's ready to pick up.", "Can you fax it back to them?"],
    },
    Topic {
        category: Category::Forms,
        fits: YOUNG,
        thanks: false,
        subjects: &["school form", "sports physical form", "daycare form", "immunization record", "forms"],
        main: &[
            "{first} needs a sports physical form signed for {sport}. We had the checkup in {month}, can it be filled out from that?",
            "School needs {first}'s immunization record and the medication form for {my} inhaler.",
            "The daycare needs a health form signed for {first} by {day}.",
            "Camp needs a physical form for {first}. Can it be done from the last visit?",
        ],
        terse: &["school form for {first}", "need shot record for {first}"],
        more: &["I can drop the form at the front desk.", "It's due {day}."],
        asks: &["Can it be ready by {day}?", "Thank you so much."],
    },
    // ---------------------------------------------------------------- billing
    Topic {
        category: Category::Billing,
        fits: ALL,
        thanks: false,
        subjects: &["bill", "billing question", "Charge", "statement", "insurance", "payment"],
        main: &[
            "I got a bill for {amount} for the visit on {date}. I thought it was covered by {ins}.",
            "Why was there a charge for an office visit when it was just the yearly physical?",
            "The insurance changed to {ins}. Can you update it and rebill the last visit?",
            "Can I set up a payment plan for the balance? I can do about $50 a month.",
            "I think we were charged twice for the same visit on {date}.",
        ],
        terse: &["question about bill", "charged twice?"],
        more: &["I already called the insurance and they said to contact you.", "The account is under my name."],
        asks: &["Who should I talk to?", "Please let me know."],
    },
    // ---------------------------------------------------------------- referrals
    Topic {
        category: Category::Referral,
        fits: GROWN,
        thanks: false,
        subjects: &["referral", "Referral request", "specialist", "referral needed"],
        main: &[
            "I need a referral to {spec}. The insurance requires one.",
            "The {spec} office says they never got the referral from {doc}. Can you resend it?",
            "{doc} said {i} should see {spec} about {my} {issue} but nobody has called to schedule.",
            "Can {i} get a referral to a therapist? The last few months have been hard.",
            "The referral to {spec} expired before the appointment. Can it be renewed?",
        ],
        terse: &["need referral to {spec}", "referral never sent?"],
        more: &["The appointment is on {day}.", "Their fax number is on the referral form."],
        asks: &["Please let me know when it's sent.", "Thank you."],
    },
    Topic {
        category: Category::Referral,
        fits: YOUNG,
        thanks: false,
        subjects: &["referral", "referral for {first}", "allergist"],
        main: &[
            "Can {first} get a referral to the allergist? The school wants testing done.",
            "{first}'s speech is behind and the teacher suggested a speech therapy evaluation.",
            "We need a referral for {first} to see the eye doctor, {i} {am} squinting at the board.",
        ],
        terse: &["referral for {first}"],
        more: &["We have the same insurance."],
        asks: &["Thank you.", "Who should we call?"],
    },
];

/// Red-flag content, in patients' own words, in three forms.
pub(super) struct RedFlag {
    pub kind: &'static str,
    pub fits: u8,
    pub female_only: bool,
    /// Relative chance among red flags.
    pub weight: u32,
    /// Text that marks this red flag; every line below contains one of these
    /// (compared lower-case without punctuation), and ordinary templates contain none.
    pub cores: &'static [&'static str],
    pub affirmed: &'static [&'static str],
    pub negated: &'static [&'static str],
    pub hypothetical: &'static [&'static str],
    /// Subjects that name the problem (used for a minority of affirmed ones).
    pub subjects: &'static [&'static str],
}

pub(super) const RED_FLAGS: &[RedFlag] = &[
    RedFlag {
        kind: "cardiac",
        fits: GROWN,
        female_only: false,
        weight: 16,
        cores: &["chest pain", "chest feels tight", "chest tightness", "pressure in", "left arm"],
        affirmed: &[
            "{Ive} had chest pain since this morning and it's getting worse.",
            "{My} chest feels tight and there's pressure in {my} chest going down {my} left arm.",
            "Since last night there's been a pressure in {my} chest that comes and goes, and {i} {am} sweaty.",
            "{My} chest feels tight when {i} walk{s} to the mailbox, that started yesterday.",
        ],
        negated: &[
            "No chest pain anymore since the new pill.",
            "{I} {dont} have any chest pain, just the cough.",
            "Not having any chest pain or anything like that.",
        ],
        hypothetical: &[
            "Should {i} go to the ER if the chest pain comes back?",
            "{I} had chest pain last year but {im} fine now.",
            "What should {i} do if {my} chest feels tight again like it did in March?",
        ],
        subjects: &["chest pain", "chest tightness"],
    },
    RedFlag {
        kind: "breathing",
        fits: ALL,
        female_only: false,
        weight: 14,
        cores: &["catch", "cant breath", "short of breath", "shortness of breath", "struggling to breathe"],
        affirmed: &[
            "{I} can't catch {my} breath even sitting down.",
            "{i} cant breath good since last night",
            "{Im} short of breath just walking to the bathroom.",
            "{I} {am} struggling to breathe and the inhaler isn't helping.",
        ],
        negated: &[
            "{Im} not short of breath or anything.",
            "No shortness of breath, just the stuffy nose.",
        ],
        hypothetical: &[
            "If {i} get{s} short of breath again should we use the inhaler or come in?",
            "{I} had shortness of breath with covid two years ago but nothing since.",
        ],
        subjects: &["cant breathe", "breathing"],
    },
    RedFlag {
        kind: "stroke",
        fits: GROWN,
        female_only: false,
        weight: 10,
        cores: &["drooping", "slurred", "worst headache", "numb on one side"],
        affirmed: &[
            "{My} face is drooping on the left side since about an hour ago.",
            "{My} speech is slurred and {i} {dont} feel right.",
            "This is the worst headache of {my} life, it came on all at once.",
            "{Im} numb on one side of {my} body, the arm and the leg.",
        ],
        negated: &[
            "No slurred speech or face drooping, it's just the headache.",
            "{I} {am} not numb on one side or anything, just tingling in {my} fingers.",
        ],
        hypothetical: &[
            "My dad had a stroke so I'm always worried. What are the signs, like slurred speech?",
            "{I} had the worst headache of {my} life in 2019 and it turned out to be a migraine.",
        ],
        subjects: &["face drooping", "headache"],
    },
    RedFlag {
        kind: "bleeding",
        fits: GROWN,
        female_only: false,
        weight: 9,
        cores: &["wont stop", "vomiting blood", "tarry"],
        affirmed: &[
            "{Ive} got a nosebleed that won't stop, it's been 40 minutes.",
            "{Ive} been vomiting blood since this morning.",
            "{My} stool has been black and tarry the last two days.",
            "{Im} on the blood thinner and there's bleeding that won't stop from a cut on {my} hand.",
        ],
        negated: &[
            "No black tarry stool or anything like that.",
            "{I} {havent} been vomiting blood, it's just the stomach ache.",
        ],
        hypothetical: &[
            "The pharmacist said to call if there's bleeding that won't stop on the blood thinner, is that right?",
            "Years ago {i} had black tarry stool from an ulcer but that's all healed.",
        ],
        subjects: &["bleeding", "blood"],
    },
    RedFlag {
        kind: "mental health",
        fits: CHILD | GROWN,
        female_only: false,
        weight: 12,
        cores: &[
            "want to live",
            "wanting to live",
            "killing myself",
            "killing herself",
            "killing himself",
            "want to die",
            "wants to die",
            "wanting to die",
            "hurting myself",
            "hurting herself",
            "hurting himself",
        ],
        affirmed: &[
            "Honestly {i} {dont} want to live anymore.",
            "{Ive} been thinking about killing {myself}.",
            "Some days {i} just want{s} to die.",
        ],
        negated: &[
            "{Im} not having any thoughts of hurting {myself}, just feeling down.",
            "No thoughts of killing {myself} or anything like that, just tired of being tired.",
        ],
        hypothetical: &[
            "A few years ago {i} went through a time of not wanting to live anymore but things are much better now.",
            "If the dark thoughts like wanting to die come back who should we call?",
        ],
        subjects: &["feeling hopeless", "personal"],
    },
    RedFlag {
        kind: "allergic reaction",
        fits: ALL,
        female_only: false,
        weight: 8,
        cores: &["throat is swelling", "throat swelling", "throat was swelling", "tongue"],
        affirmed: &[
            "{My} throat is swelling a little since the first dose of the new antibiotic.",
            "{My} tongue feels swollen and {my} lips are puffy after the amoxicillin.",
        ],
        negated: &[
            "No throat swelling or trouble swallowing, just the itchy rash.",
            "{My} tongue and lips are fine, it's only the hives on {my} arms.",
        ],
        hypothetical: &[
            "Last time with penicillin {my} throat was swelling, so please make sure it's in the chart.",
            "What do we do if {my} throat is swelling after a bee sting? Should we have an EpiPen?",
        ],
        subjects: &["reaction", "swelling"],
    },
    RedFlag {
        kind: "pregnancy",
        fits: ADULT,
        female_only: true,
        weight: 5,
        cores: &["weeks pregnant"],
        affirmed: &[
            "{Im} 32 weeks pregnant and {have} had a bad headache and blurry vision since this afternoon.",
            "{Im} 28 weeks pregnant and the baby has barely moved today.",
            "{Im} 10 weeks pregnant and bleeding with cramping since this morning.",
        ],
        negated: &[
            "{Im} 20 weeks pregnant, no bleeding or cramping, just wondering about the flu shot.",
        ],
        hypothetical: &[
            "When {i} was 30 weeks pregnant with the first baby {my} blood pressure got really high. Should {i} worry this time?",
        ],
        subjects: &["pregnancy question", "pregnant"],
    },
    RedFlag {
        kind: "infant fever",
        fits: INFANT,
        female_only: false,
        weight: 5,
        cores: &["month old", "weeks old"],
        affirmed: &[
            "My 2 month old has a fever of 101 since this afternoon.",
            "{first} is 7 weeks old and has a fever of 100.9 and won't eat much.",
        ],
        negated: &["{first} is 6 weeks old, no fever, just fussy in the evenings."],
        hypothetical: &[
            "If {first} gets a fever again, {i} {am} only 8 weeks old, do we go to the ER?",
        ],
        subjects: &["fever", "baby has fever"],
    },
    RedFlag {
        kind: "abdominal pain",
        fits: NOT_INFANT,
        female_only: false,
        weight: 8,
        cores: &["severe abdominal pain", "belly pain"],
        affirmed: &[
            "{Ive} had severe abdominal pain on the right side since last night and {i} can't stand up straight.",
            "The belly pain is so bad {i} can't stand up and {ive} been throwing up.",
        ],
        negated: &["No severe belly pain, just some bloating."],
        hypothetical: &[
            "{I} had severe abdominal pain last spring from {my} gallbladder, they took it out and {im} fine now.",
        ],
        subjects: &["stomach", "belly pain"],
    },
    RedFlag {
        kind: "overdose",
        fits: CHILD | GROWN,
        female_only: false,
        weight: 6,
        cores: &["too many", "whole bottle"],
        affirmed: &[
            "{I} accidentally took too many of {my} {medname} this morning, like 6 instead of 1.",
            "{I} took a whole bottle of pills last night.",
        ],
        negated: &["{I} didn't take too many or anything, {i} just can't remember if {i} took it."],
        hypothetical: &["What happens if someone takes too many of the {medname}? Just want to know."],
        subjects: &["medication mistake", "pills"],
    },
    RedFlag {
        kind: "head injury",
        fits: NOT_INFANT,
        female_only: false,
        weight: 7,
        cores: &["hit my head", "hit her head", "hit his head", "knocked out"],
        affirmed: &[
            "{I} fell and hit {my} head on the counter and {ive} been throwing up since.",
            "{I} hit {my} head yesterday and now {im} confused and really sleepy.",
            "{I} got knocked out for a few seconds at {sport} today.",
        ],
        negated: &["{I} didn't hit {my} head when {i} fell, just bruised {my} hip."],
        hypothetical: &["{I} hit {my} head last year and had a concussion. Is it ok to play {sport} again?"],
        subjects: &["fall", "head"],
    },
];

/// Subjects that say nothing about the content.
pub(super) const VAGUE_SUBJECTS: &[&str] = &[
    "question",
    "hi",
    "(no subject)",
    "",
    "Question",
    "Hello",
    "help",
    "Quick question",
    "message for {doc}",
    "Follow up",
    "update",
    "please call",
    "?",
    "Re: your message",
    "Important",
    "for the nurse",
    "Non-urgent question",
    "from {wfirst}",
];

pub(super) const GREETINGS: &[&str] = &[
    "Hi,",
    "Hello,",
    "Hi there,",
    "Good morning,",
    "Good afternoon,",
    "Hi {doc},",
    "Hello {doc},",
    "Dear {doc},",
    "Hi nurse,",
    "Hello, this is {wfull}.",
    "Hi this is {wfirst}",
    "Hey",
    "Good evening",
    "To whom it may concern,",
    "Hi {doc} and team,",
    "Hello again,",
    "Hi, hope you are well.",
    "Hi, sorry to bother you.",
];

pub(super) const SIGN_OFFS: &[&str] = &[
    "Thanks,\n{wfirst}",
    "Thank you,\n{wfull}",
    "Thank you!",
    "Thanks so much!",
    "thanks",
    "thx",
    "Sincerely,\n{wfull}",
    "Best,\n{wfirst}",
    "- {wfirst}",
    "Thank you for your help.",
    "Have a blessed day.",
    "Appreciate it,\n{wfirst}",
    "Thanks in advance",
    "Respectfully,\n{wfull}",
    "Sent from my iPhone",
    "Thanks again for everything you do.",
];

/// Extra paragraphs for long messages, in the writer's voice.
pub(super) const EXTRAS: &[&str] = &[
    "I tried calling the office this morning but was on hold for a long time and had to go back to work.",
    "I work nights so please don't call before 11. A message here is best.",
    "I know you are all very busy so no rush, but I'd like to hear back this week if possible.",
    "Sorry this is so long, I just want to give you the whole picture.",
    "Last time I wrote it took a few days to hear back so I'm writing early.",
    "There's no car right now so a video visit would be easier if one is needed.",
    "My phone number changed, the new one should be in the profile now.",
    "{I} {have} been taking everything as prescribed and walking most days.",
    "The insurance changed in January, I updated it at the front desk last time.",
    "We are going out of town on {day} for a week.",
    "Everything else has been fine.",
    "We appreciate everyone at the office, you have always been good to us.",
    "I looked it up online and got myself worried, so I figured I'd ask.",
    "The pharmacy is {pharm} if that matters.",
    "This has been going on for a while and I finally decided to write.",
    "{doc} saw {me} for this back in {month} and said to write if it didn't get better.",
];

/// Extra paragraphs only a family member would write.
pub(super) const PROXY_EXTRAS: &[&str] = &[
    "I'm on {my} HIPAA form so you can talk to me about this.",
    "Please call me rather than {me}, {i} {dont} hear well on the phone.",
    "I live about an hour away so I help with {my} medicines on the weekends.",
    "{I} asked me to write because {i} {dont} use the computer.",
];

/// "Also..." lead-ins that join a second issue onto a long message.
pub(super) const SECOND_ISSUE: &[&str] = &[
    "Also, separate question: ",
    "One more thing. ",
    "Another thing - ",
    "While I have you, ",
    "Also ",
];

/// Where to put a family member's explanation of who the message is about.
pub(super) const PARENT_INTROS: &[&str] = &[
    "I'm writing for my {rel} {first}.",
    "This is {wfirst}, {first}'s {wrel}.",
    "Hi, I'm {first}'s {wrel} ({full}, birthday is on file).",
    "Writing about my {rel} {first}.",
    "This message is about {first}, not me.",
];

pub(super) const CHILD_INTROS: &[&str] = &[
    "I'm writing for my {rel}, {full}.",
    "This is {wfirst}, {first}'s {wrel}. I help {me} with {my} portal account.",
    "My {rel} asked me to send this for {me}.",
    "Hi, I am {full}'s {wrel} and I'm on {my} HIPAA form.",
    "I'm writing for my {rel} {first}.",
];

pub(super) const SPOUSE_INTROS: &[&str] = &[
    "This is {wfirst}, writing for my {rel} {first}.",
    "My {rel} {first} asked me to message you.",
    "Sending this for my {rel} since {i} {dont} use the portal.",
    "I'm writing for my {rel}, {full}.",
];

/// Short "who this is about" lead-ins for one-line messages from a family member.
pub(super) const TERSE_INTROS: &[&str] = &[
    "for my {rel} {first} - ",
    "{first}'s {wrel} here. ",
    "writing for {first}: ",
    "this is for {first} ",
];

pub(super) const ASKS: &[&str] = &[
    "Please call me back when you can.",
    "Can someone call me?",
    "Let me know.",
    "Please advise.",
    "What do you think?",
    "Please let me know what to do.",
    "You can reach me at the number on file.",
    "I'm available after 3 today.",
    "Thank you for getting back to me.",
    "Should we make an appointment for this?",
];

/// Closings after a red flag stated as happening now.
pub(super) const URGENT_ASKS: &[&str] = &[
    "What should I do?",
    "Can someone call me back?",
    "Is this something to worry about?",
    "Should we wait for the appointment on {day}?",
    "Please call.",
    "Not sure if I'm overreacting.",
];

/// Nurses on the messaging team.
pub(super) const NURSES: &[&str] = &[
    "RN Alvarez",
    "RN Okafor",
    "RN Chen",
    "RN Kowalski",
    "RN Begay",
    "RN Haddad",
    "RN Sullivan",
];

pub(super) const PROVIDERS: &[&str] = &[
    "Dr. Patel",
    "Dr. Nguyen",
    "Dr. Okonkwo",
    "Dr. Schmidt",
    "Dr. Rivera",
    "Dr. Goldberg",
    "Dr. Haddad",
    "Dr. Kim",
    "Dr. Brooks",
    "Dr. Morales",
];

pub(super) const PHARMACIES: &[&str] = &[
    "CVS on Main St",
    "Walgreens on 5th",
    "the Walmart pharmacy",
    "Rite Aid on Elm",
    "the Kroger pharmacy",
    "Costco",
    "the mail order pharmacy",
    "Express Scripts",
    "the Publix on Oak Ave",
    "Hometown Pharmacy",
    "the Target CVS",
    "Giant Eagle pharmacy",
];

/// (name, strength) — strength may be empty.
pub(super) const ADULT_MEDS: &[(&str, &str)] = &[
    ("lisinopril", "10 mg"),
    ("amlodipine", "5 mg"),
    ("metformin", "500 mg"),
    ("atorvastatin", "20 mg"),
    ("levothyroxine", "50 mcg"),
    ("sertraline", "50 mg"),
    ("omeprazole", "20 mg"),
    ("albuterol inhaler", ""),
    ("losartan", "50 mg"),
    ("hydrochlorothiazide", "25 mg"),
    ("escitalopram", "10 mg"),
    ("bupropion XL", "150 mg"),
    ("montelukast", "10 mg"),
    ("fluticasone nasal spray", ""),
    ("trazodone", "50 mg"),
    ("sumatriptan", "50 mg"),
    ("meloxicam", "15 mg"),
    ("famotidine", "20 mg"),
    ("pantoprazole", "40 mg"),
    ("birth control pills", ""),
];

pub(super) const OLDER_MEDS: &[(&str, &str)] = &[
    ("metoprolol", "25 mg"),
    ("amlodipine", "10 mg"),
    ("atorvastatin", "40 mg"),
    ("lisinopril", "20 mg"),
    ("metformin", "1000 mg"),
    ("insulin glargine", ""),
    ("tamsulosin", "0.4 mg"),
    ("levothyroxine", "75 mcg"),
    ("furosemide", "20 mg"),
    ("donepezil", "5 mg"),
    ("gabapentin", "300 mg"),
    ("losartan", "100 mg"),
    ("apixaban", "5 mg"),
    ("alendronate", "70 mg"),
    ("omeprazole", "40 mg"),
    ("carvedilol", "12.5 mg"),
];

pub(super) const CHILD_MEDS: &[(&str, &str)] = &[
    ("albuterol inhaler", ""),
    ("methylphenidate", "18 mg"),
    ("cetirizine", "10 mg"),
    ("fluticasone inhaler", ""),
    ("montelukast", "5 mg"),
    ("guanfacine", "1 mg"),
    ("EpiPen", ""),
];

pub(super) const INFANT_MEDS: &[(&str, &str)] = &[
    ("vitamin D drops", ""),
    ("nystatin cream", ""),
    ("famotidine liquid", ""),
];

/// Side-effect complaints, whole sentences.
pub(super) const SIDE_EFFECTS: &[&str] = &[
    "{I} started the metformin {when} and {ive} had an upset stomach and loose stools ever since.",
    "The lisinopril is giving {me} a dry tickly cough that won't quit.",
    "Since starting sertraline {ive} had trouble sleeping and feel{s} jittery in the afternoon.",
    "{My} legs ache since starting the atorvastatin, mostly the thighs.",
    "The amlodipine is making {my} ankles puffy by the end of the day.",
    "{Ive} been dizzy when standing up since the dose of the blood pressure pill went up.",
    "The new inhaler makes {my} hands shaky for about an hour.",
    "The gabapentin makes {me} so drowsy it's hard to get up in the morning.",
    "{Ive} had some nausea since starting the antibiotic, mostly when {i} take{s} it without food.",
];

pub(super) const TESTS: &[&str] = &[
    "blood work",
    "A1c",
    "cholesterol panel",
    "thyroid test",
    "urine test",
    "x-ray",
    "CT scan",
    "ultrasound",
    "mammogram",
    "colonoscopy",
    "CBC",
    "vitamin D level",
    "lipid panel",
    "kidney function test",
    "MRI",
    "EKG",
    "sleep study",
];

pub(super) const LAB_FLAGS: &[&str] = &[
    "the cholesterol at 245",
    "an A1c of 7.9",
    "potassium a little low",
    "the TSH high",
    "vitamin D at 18",
    "glucose 128 flagged high",
    "the white count slightly high",
    "the liver numbers a little up",
    "kidney function flagged low",
];

pub(super) const SPECIALTIES: &[&str] = &[
    "dermatology",
    "cardiology",
    "physical therapy",
    "GI",
    "orthopedics",
    "an allergist",
    "ENT",
    "the eye doctor",
    "podiatry",
    "neurology",
    "urology",
    "endocrinology",
    "sleep medicine",
    "pulmonology",
];

pub(super) const ISSUES: &[&str] = &[
    "knee",
    "blood pressure",
    "sleep",
    "mood",
    "skin",
    "back",
    "headaches",
    "acid reflux",
    "cholesterol",
    "thyroid",
    "diabetes",
    "hip",
    "allergies",
];

pub(super) const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

pub(super) const PAST_TIMES: &[&str] = &[
    "yesterday",
    "last week",
    "a few days ago",
    "on Monday",
    "this morning",
    "two weeks ago",
    "last night",
    "over the weekend",
    "on Tuesday",
    "a couple of weeks ago",
    "last month",
];

pub(super) const DURATIONS: &[&str] = &[
    "about a week",
    "3 days",
    "a couple of weeks",
    "almost a month",
    "a few days",
    "since Sunday",
    "5 days",
];

pub(super) const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) const BODY_PARTS: &[&str] = &[
    "arms",
    "back",
    "neck",
    "legs",
    "stomach",
    "hands",
    "face",
    "chest and back",
    "left forearm",
    "ankles",
];

pub(super) const SPORTS: &[&str] = &[
    "soccer",
    "basketball",
    "track",
    "volleyball",
    "football",
    "swim team",
    "softball",
    "wrestling",
];

pub(super) const INSURERS: &[&str] = &[
    "Blue Cross",
    "Aetna",
    "Medicaid",
    "UnitedHealthcare",
    "Cigna",
    "Humana",
    "the marketplace plan",
    "Medicare",
];

/// (right word, how a hurried typist writes it).
pub(super) const MISSPELLINGS: &[(&str, &str)] = &[
    ("appointment", "appointmnet"),
    ("prescription", "perscription"),
    ("medication", "medicaiton"),
    ("because", "becuase"),
    ("tomorrow", "tommorow"),
    ("receive", "recieve"),
    ("really", "realy"),
    ("schedule", "schedual"),
    ("pharmacy", "pharmacey"),
    ("doctor", "docter"),
    ("something", "somthing"),
    ("please", "pls"),
    ("you", "u"),
    ("your", "ur"),
    ("don't", "dont"),
    ("can't", "cant"),
    ("though", "tho"),
    ("appreciate", "appriciate"),
    ("insurance", "insurence"),
    ("ibuprofen", "ibuprophen"),
    ("thank you", "thank u"),
    ("I'm", "im"),
    ("know", "kno"),
    ("week", "wk"),
];

pub(super) const FEMALE_FIRST: &[&str] = &[
    "Maria", "Jennifer", "Linda", "Patricia", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen",
    "Nancy", "Lisa", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna",
    "Michelle", "Carol", "Amanda", "Dorothy", "Melissa", "Deborah", "Stephanie", "Rebecca",
    "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda",
    "Pamela", "Emma", "Nicole", "Helen", "Samantha", "Katherine", "Christine", "Debra", "Rachel",
    "Carolyn", "Janet", "Catherine", "Ruth", "Olivia", "Sophia", "Isabella", "Mia", "Ava",
    "Aaliyah", "Imani", "Keisha", "Latoya", "Ebony", "Tamika", "Guadalupe", "Rosa", "Carmen",
    "Lucia", "Ana", "Valeria", "Ximena", "Inés", "Renée", "Zoë", "Chloé", "Priya", "Ananya",
    "Deepa", "Fatima", "Aisha", "Noor", "Leila", "Yasmin", "Mei", "Lin", "Hana", "Yuki",
    "Soo-jin", "Thuy", "Linh", "Mai", "Olga", "Katarzyna", "Irina", "Ingrid", "Siobhan",
    "Aoife", "Grace", "Hope", "Dolores", "Esperanza", "Wanda", "Gloria", "Bernadette",
    "Winona", "Nizhoni", "Kalani", "Adaeze", "Chiamaka", "Amara",
];

pub(super) const MALE_FIRST: &[&str] = &[
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas",
    "Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven",
    "Paul", "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald",
    "Edward", "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan",
    "Larry", "Frank", "Scott", "Raymond", "Gregory", "Samuel", "Benjamin", "Patrick", "Jack",
    "Dennis", "Jerry", "Tyrone", "DeShawn", "Marcus", "Jamal", "Darnell", "Terrence", "Andre",
    "José", "Jesús", "Luis", "Carlos", "Juan", "Miguel", "Alejandro", "Diego", "Mateo",
    "Santiago", "Raj", "Arjun", "Vikram", "Sanjay", "Omar", "Ahmed", "Yusuf", "Tariq", "Karim",
    "Wei", "Jian", "Hiroshi", "Kenji", "Min-jun", "Duc", "Minh", "Quang", "Dmitri", "Piotr",
    "Tomasz", "Björn", "Lars", "Sean", "Liam", "Noah", "Elijah", "Ethan", "Lucas", "Oliver",
    "Chidi", "Emeka", "Kwame", "Kofi", "Tevita", "Keanu", "Dakota", "Ezra", "Abdi",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green",
    "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell",
    "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers",
    "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox",
    "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders",
    "Myers", "Long", "Ross", "Foster", "Washington", "Jefferson", "Freeman", "Banks", "Coleman",
    "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sánchez",
    "Ramirez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales",
    "Ortiz", "Gutierrez", "Chavez", "Ramos", "Ruiz", "Mendoza", "Castillo", "Vargas", "Muñoz",
    "Peña", "Ibáñez", "Nguyen", "Nguyễn", "Tran", "Le", "Pham", "Huynh", "Vo", "Kim", "Lee",
    "Park", "Choi", "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Wu", "Tanaka", "Yamamoto",
    "Sato", "Suzuki", "Patel", "Shah", "Singh", "Kumar", "Gupta", "Sharma", "Reddy", "Iyer",
    "Khan", "Ali", "Hussain", "Rahman", "Haddad", "Nasser", "Abboud", "Farah", "Mansour",
    "Cohen", "Levy", "Goldberg", "Friedman", "Schwartz", "Kowalski", "Nowak", "Wiśniewski",
    "Ivanov", "Petrov", "Novak", "Horvat", "Müller", "Schmidt", "Schneider", "Fischer",
    "Weber", "Becker", "Hoffmann", "Larsen", "Johansson", "Lindqvist", "O'Brien", "O'Connor",
    "Murray", "Sullivan", "Byrne", "Walsh", "McCarthy", "Okafor", "Okonkwo", "Adeyemi",
    "Mensah", "Osei", "Abebe", "Tesfaye", "Mohamed", "Hassan", "Yazzie", "Begay", "Tsosie",
    "Kealoha", "Fonoti", "Tupou", "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Rossi",
    "Russo", "Romano", "Esposito", "Bianchi", "Dubois", "Moreau", "Laurent", "Fontaine",
    "Yilmaz", "Demir", "Şahin", "Papadopoulos", "Georgiou", "Andersen", "Jensen",
];

/// Whole names written in the patient's own script: (first, last, female).
pub(super) const SCRIPT_NAMES: &[(&str, &str, bool)] = &[
    ("美玲", "王", true),
    ("陽菜", "佐藤", true),
    ("伟", "李", false),
    ("민준", "김", false),
];
