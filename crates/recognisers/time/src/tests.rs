//! Table-driven tests of the recogniser on sentences written for them, and property tests.

use super::*;
use annalist_core::{Date, Metadata};
use proptest::prelude::*;

fn recogniser() -> &'static TimeRecogniser {
    static R: std::sync::OnceLock<TimeRecogniser> = std::sync::OnceLock::new();
    R.get_or_init(|| TimeRecogniser::new().unwrap())
}

fn analyse(text: &str, dct: Option<&str>) -> Document {
    let mut doc = Document::new(
        text.to_string(),
        Metadata {
            source: "test".into(),
            date: dct.and_then(Date::parse),
            ..Metadata::default()
        },
    );
    recogniser().annotate(&mut doc);
    doc
}

/// (sentence, dct, [(text, type, value)])
type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str, &'static str)],
);

const CASES: &[Case] = &[
    (
        "Net rose for the year ended June 30. For the year, sales were flat.",
        Some("2023-11-07"),
        &[
            ("the year", "DURATION", "P1Y"),
            ("June 30", "DATE", "2023-06-30"),
            ("the year", "DATE", "2023"),
        ],
    ),
    (
        "The army landed in 1915. Later in the year it withdrew.",
        Some("2023-11-07"),
        &[
            ("1915", "DATE", "1915"),
            ("Later in the year", "DATE", "1915"),
        ],
    ),
    (
        "The fort fell on 3 May 1916. The next day the siege ended; the garrison would leave on 9 June.",
        Some("2023-11-07"),
        &[
            ("3 May 1916", "DATE", "1916-05-03"),
            ("The next day", "DATE", "1916-05-04"),
            ("9 June", "DATE", "1916-06-09"),
        ],
    ),
    (
        "The bank earns $2 million a year and runs 700 flights a week. He is 52 years old.",
        Some("2023-11-07"),
        &[],
    ),
    (
        "For weeks the talks stalled. Profit in the 2022 period fell.",
        Some("2023-11-07"),
        &[
            ("weeks", "DURATION", "PXW"),
            ("the 2022 period", "DATE", "2022"),
        ],
    ),
    (
        "Investors will study Monday's close. Sales in the current fiscal year will rise.",
        Some("2023-11-08"),
        &[
            ("Monday", "DATE", "2023-11-06"),
            ("the current fiscal year", "DATE", "2023"),
        ],
    ),
    (
        "The blast came on Friday. It struck at 10:35 a.m. Average daily volume fell. Talks may stall in the near term.",
        Some("2023-11-08"),
        &[
            ("Friday", "DATE", "2023-11-03"),
            ("10:35 a.m.", "TIME", "2023-11-03T10:35"),
            ("the near term", "DATE", "FUTURE_REF"),
        ],
    ),
    (
        "Sherman began the March to the Sea in 1864; the Long March ended in October.",
        Some("2023-11-08"),
        &[("1864", "DATE", "1864"), ("October", "DATE", "1864-10")],
    ),
    (
        "Police watched the crowd at the March for Life on Capitol Hill.",
        Some("2023-01-22"),
        &[],
    ),
    (
        "He spoke on ABC's \"This Week\" and on CBS's \"60 Minutes\" about the film \"High Noon.\"",
        Some("2023-01-22"),
        &[],
    ),
    (
        "Prices peaked in January nineteen ninety-seven and in the winter of nineteen ninety-four.",
        Some("2023-11-07"),
        &[
            ("January nineteen ninety-seven", "DATE", "1997-01"),
            ("the winter of nineteen ninety-four", "DATE", "1994-WI"),
        ],
    ),
    (
        "The vote is set for the 14th.",
        Some("2023-03-07"),
        &[("the 14th", "DATE", "2023-03-14")],
    ),
    (
        "Shops close at Christmas.",
        Some("2023-03-07"),
        &[("Christmas", "DATE", "2022-12-25")],
    ),
    (
        "The truce lasted two and a half years.",
        Some("2023-03-07"),
        &[("two and a half years", "DURATION", "P2Y6M")],
    ),
    (
        "The talks lasted 5 1/2 hours; the siege 2½ years.",
        Some("2023-03-07"),
        &[
            ("5 1/2 hours", "DURATION", "PT5H30M"),
            ("2½ years", "DURATION", "P2Y6M"),
        ],
    ),
    (
        "The convoy will leave at 4 in the morning and return at 9 in the evening.",
        Some("2023-03-07"),
        &[
            ("4 in the morning", "TIME", "2023-03-07T04:00"),
            ("9 in the evening", "TIME", "2023-03-07T21:00"),
        ],
    ),
    (
        // "That same day", "later that month", "that afternoon": the date last named.
        "Rebels took the town on March 3. That same day the army left; that afternoon it \
         regrouped, and later that month it came back. Officials said that day-long talks \
         and that weeks of fighting had ended.",
        Some("2023-06-07"),
        &[
            ("March 3", "DATE", "2023-03-03"),
            ("That same day", "DATE", "2023-03-03"),
            ("that afternoon", "TIME", "2023-03-03TAF"),
            ("later that month", "DATE", "2023-03"),
        ],
    ),
    (
        // "The following month" counts from the month last named, which had no day.
        "Talks began in March 1989. The following month they broke down.",
        Some("1989-11-02"),
        &[
            ("March 1989", "DATE", "1989-03"),
            ("The following month", "DATE", "1989-04"),
        ],
    ),
    (
        // A narrative about 1916-18: a future counts from the month it last named; a part
        // of a month is no week before the DCT; "this day" is the narrative's.
        "In December 1916 the staff agreed the army would attack on 14 January. On 8 August \
         1918 the line broke; this day was the worst. In the last week of August they fell back.",
        Some("2009-12-19"),
        &[
            ("December 1916", "DATE", "1916-12"),
            ("14 January", "DATE", "1917-01-14"),
            ("8 August 1918", "DATE", "1918-08-08"),
            ("this day", "DATE", "1918-08-08"),
            ("the last week of August", "DATE", "1918-08"),
        ],
    ),
    (
        // A future day a year ahead when it passed yesterday: a deadline looked back on.
        // A month keeps its future (see "the next round in March").
        "Officials would look for ways to get around the order to return the boy by Jan. 14.",
        Some("2000-01-15"),
        &[("Jan. 14", "DATE", "2000-01-14")],
    ),
    (
        "The doctor was shot on the night of Friday, Oct. 23; his killer fled last Oct. 24. \
         The trial is set for the week of March 6.",
        Some("1999-04-19"),
        &[
            ("night of Friday, Oct. 23", "DATE", "1998-10-23TNI"),
            ("last Oct. 24", "DATE", "1998-10-24"),
            ("the week of March 6", "DATE", "1999-W09"),
        ],
    ),
    (
        // Earnings news compares a quarter with the same quarter a year before.
        "Net rose in the third quarter from the quarter a year ago, the corresponding period \
         last year and last year's quarter.",
        Some("1989-10-27"),
        &[
            ("the third quarter", "DATE", "1989-Q3"),
            ("the quarter a year ago", "DATE", "1988-Q3"),
            ("the corresponding period last year", "DATE", "1988-Q3"),
            ("last year's quarter", "DATE", "1988-Q3"),
        ],
    ),
    (
        // `to` is a future only after a word of intent: here it is a purpose.
        "The mother was taken along with the boy to make the late-November trip.",
        Some("2000-01-28"),
        &[("late-November", "DATE", "1999-11")],
    ),
    (
        // A fraction of something is no duration; a count of quarters is.
        "Sales fell in the latest fiscal year, after several quarters of losses; three \
         quarters of the shares were sold.",
        Some("1989-10-27"),
        &[
            ("the latest fiscal year", "DATE", "1988"),
            ("several quarters", "DURATION", "PXQ"),
        ],
    ),
    (
        // A year named as a plan does not move the narrative.
        "On 10 March 1975 the offensive began, ahead of a campaign planned for 1976. The \
         defence collapsed on 11 March.",
        Some("2009-12-19"),
        &[
            ("10 March 1975", "DATE", "1975-03-10"),
            ("1976", "DATE", "1976"),
            ("11 March", "DATE", "1975-03-11"),
        ],
    ),
    (
        // Before the common era: explicit, then as the narrative's year.
        "In the spring of 480 BC the army marched. In the summer the fleet sailed, and on 17 \
         August it reached the strait; by the 4th century BC the city had fallen.",
        Some("2009-12-19"),
        &[
            ("the spring of 480 BC", "DATE", "BC0480-SP"),
            ("the summer", "DATE", "BC0480-SU"),
            ("17 August", "DATE", "BC0480-08-17"),
            ("the 4th century BC", "DATE", "BC03"),
        ],
    ),
    (
        "Revere rode on the night of April 18, 1775; in January, 1918 the line held.",
        Some("2009-12-19"),
        &[
            ("the night of April 18, 1775", "TIME", "1775-04-18TNI"),
            ("January, 1918", "DATE", "1918-01"),
        ],
    ),
    (
        // "The following year" in a narrative counts from the year last written.
        "In 491 BC envoys were sent. The following year the army landed.",
        Some("2009-12-19"),
        &[
            ("491 BC", "DATE", "BC0491"),
            ("The following year", "DATE", "BC0490"),
        ],
    ),
    (
        // One timex each, not two.
        "The vote is this coming Sunday, March eighth. Net fell from the year-ago third \
         quarter.",
        Some("1998-03-05"),
        &[
            ("this coming Sunday, March eighth", "DATE", "1998-03-08"),
            ("the year-ago third quarter", "DATE", "1997-Q3"),
        ],
    ),
    (
        "Holders may buy shares at half the then-current market price.",
        Some("1989-10-27"),
        &[("then-current", "DATE", "PAST_REF")],
    ),
    (
        "Flights leave on Tuesday nights and on Fridays.",
        Some("1998-02-13"),
        &[
            ("Tuesday nights", "SET", "XXXX-WXX-2TNI"),
            ("Fridays", "SET", "XXXX-WXX-5"),
        ],
    ),
    (
        "The marchers parade each July.",
        Some("1998-03-22"),
        &[("each July", "SET", "XXXX-07")],
    ),
    (
        // A narrative is not told in order: a future a few weeks before its last point
        // stays in its year.
        "On 25 March 1975 the town fell. The army would attack on 5 March.",
        Some("2009-12-19"),
        &[
            ("25 March 1975", "DATE", "1975-03-25"),
            ("5 March", "DATE", "1975-03-05"),
        ],
    ),
    (
        // An age in decades is no decade.
        "The suspect, in his early 40s, grew up in the 1960s.",
        Some("2023-03-07"),
        &[("the 1960s", "DATE", "196")],
    ),
    (
        "Prices may rise in the weeks ahead after a day-long strike.",
        Some("2023-03-07"),
        &[
            ("the weeks ahead", "DURATION", "PXW"),
            ("day-long", "DURATION", "P1D"),
        ],
    ),
    (
        // A quarter still running at the DCT is a forecast, not the quarter reported on.
        "Profit rose in the third quarter. The storm will cost it a fourth-quarter charge. \
         Sales in the latest quarter fell from a year earlier.",
        Some("2023-11-02"),
        &[
            ("the third quarter", "DATE", "2023-Q3"),
            ("fourth-quarter", "DATE", "2023-Q4"),
            ("the latest quarter", "DATE", "2023-Q3"),
            ("a year earlier", "DATE", "2022-Q3"),
        ],
    ),
    (
        // A strong cue ("announced") outweighs a nearer weak one (the noun "plan").
        "The bank announced the plan Aug. 21.",
        Some("2023-10-27"),
        &[("Aug. 21", "DATE", "2023-08-21")],
    ),
    (
        "Prices rose over the past two years.",
        Some("2023-03-07"),
        &[("the past two years", "DURATION", "P2Y")],
    ),
    (
        "The market opens every Monday.",
        Some("2023-03-07"),
        &[("every Monday", "SET", "XXXX-WXX-1")],
    ),
    (
        "He was born in 493 BC.",
        Some("2023-03-07"),
        &[("493 BC", "DATE", "BC0493")],
    ),
    (
        "It happened in nineteen ninety-six.",
        Some("2023-03-07"),
        &[("nineteen ninety-six", "DATE", "1996")],
    ),
    (
        "Sales fell in the fourth quarter of 2021.",
        Some("2023-03-07"),
        &[("the fourth quarter of 2021", "DATE", "2021-Q4")],
    ),
    (
        "The city was shelled last night.",
        Some("2023-03-07"),
        &[("last night", "TIME", "2023-03-06TNI")],
    ),
    (
        "A quarter of the staff left in the 19th century.",
        Some("2023-03-07"),
        &[("the 19th century", "DATE", "18")],
    ),
    (
        "LONDON, March 3. /TASS/. The minister arrived on Monday.",
        Some("2023-03-03"),
        &[
            ("March 3", "DATE", "2023-03-03"),
            ("Monday", "DATE", "2023-02-27"),
        ],
    ),
    (
        "The accord was signed on Jan. 9, 2019 in Oslo.",
        Some("2023-03-03"),
        &[("Jan. 9, 2019", "DATE", "2019-01-09")],
    ),
    (
        "The accord was signed on 9 January in Oslo.",
        Some("2023-03-03"),
        &[("9 January", "DATE", "2023-01-09")],
    ),
    (
        "The file is dated 2019-01-09.",
        Some("2023-03-03"),
        &[("2019-01-09", "DATE", "2019-01-09")],
    ),
    (
        "The report was released in November.",
        Some("2023-03-03"),
        &[("November", "DATE", "2022-11")],
    ),
    (
        "Both sides will sign the deal on January 15.",
        Some("2024-12-31"),
        &[("January 15", "DATE", "2025-01-15")],
    ),
    (
        "They agreed to hold the next round in March.",
        Some("2023-05-10"),
        &[("March", "DATE", "2024-03")],
    ),
    (
        "Prices rose sharply in the 1980s.",
        Some("2023-03-03"),
        &[("the 1980s", "DATE", "198")],
    ),
    (
        "Output grew in the spring of 2020.",
        Some("2023-03-03"),
        &[("the spring of 2020", "DATE", "2020-SP")],
    ),
    (
        "Growth will slow in the second half of next year.",
        Some("2024-06-01"),
        &[("the second half of next year", "DATE", "2025-H2")],
    ),
    (
        "The talks collapsed last week.",
        Some("2024-12-31"),
        &[("last week", "DATE", "2024-W52")],
    ),
    (
        "Two days ago the border was closed.",
        Some("2023-03-03"),
        &[("Two days ago", "DATE", "2023-03-01")],
    ),
    (
        "The strike ended yesterday.",
        Some("2023-03-03"),
        &[("yesterday", "DATE", "2023-03-02")],
    ),
    (
        "Fighting resumed on March 1. A day later the town fell.",
        Some("2023-03-10"),
        &[
            ("March 1", "DATE", "2023-03-01"),
            ("A day later", "DATE", "2023-03-02"),
        ],
    ),
    (
        "Shelling went on late Sunday night.",
        Some("2023-03-07"),
        &[("late Sunday night", "DATE", "2023-03-05TNI")],
    ),
    (
        "The blast happened at 3 p.m. local time.",
        Some("2023-03-07"),
        &[("3 p.m. local time", "TIME", "2023-03-07T15:00")],
    ),
    (
        "He served five years in prison.",
        Some("2023-03-07"),
        &[("five years", "DURATION", "P5Y")],
    ),
    (
        "They had a mere 24 hours to leave.",
        Some("2023-03-07"),
        &[("a mere 24 hours", "DURATION", "PT24H")],
    ),
    (
        "Tension has grown in recent weeks.",
        Some("2023-03-07"),
        &[("recent weeks", "DURATION", "PXW")],
    ),
    (
        "The council meets every week.",
        Some("2023-03-07"),
        &[("every week", "SET", "P1W")],
    ),
    (
        "The report is published annually.",
        Some("2023-03-07"),
        &[("annually", "SET", "P1Y")],
    ),
    (
        "It is now clear that the plan failed.",
        Some("2023-03-07"),
        &[("now", "DATE", "PRESENT_REF")],
    ),
    (
        "Elections are due in early 2025.",
        Some("2023-03-07"),
        &[("early 2025", "DATE", "2025")],
    ),
    (
        "The siege lasted more than four months.",
        Some("2023-03-07"),
        &[("more than four months", "DURATION", "P4M")],
    ),
    (
        "The quarrel began on December 17.",
        None,
        &[("December 17", "DATE", "XXXX-12-17")],
    ),
    (
        "Profits fell in the third quarter.",
        Some("1999-11-02"),
        &[("the third quarter", "DATE", "1999-Q3")],
    ),
    (
        "The ceasefire was agreed in 2021 after talks.",
        Some("2023-03-07"),
        &[("2021", "DATE", "2021")],
    ),
    // --- issue 17: clock times, anchoring, ranges, holidays, sets (phrases written here)
    (
        "The vote closes at 4:45pm and the count starts at 9am on Thursday.",
        Some("2021-06-08"),
        &[
            ("4:45pm", "TIME", "2021-06-08T16:45"),
            ("9am on Thursday", "TIME", "2021-06-10T09:00"),
        ],
    ),
    (
        "Talks resume tomorrow at half past two pm and end this evening at 10.",
        Some("2021-06-08"),
        &[
            ("tomorrow at half past two pm", "TIME", "2021-06-09T14:30"),
            ("this evening at 10", "TIME", "2021-06-08T22:00"),
        ],
    ),
    (
        "The ferry left at 07h15 and docked at a quarter to noon.",
        Some("2021-06-08"),
        &[
            ("07h15", "TIME", "2021-06-08T07:15"),
            ("a quarter to noon", "TIME", "2021-06-08T11:45"),
        ],
    ),
    (
        "The fair runs August 3-6 and the forum from 9:30 to 11am on Friday.",
        Some("2021-06-08"),
        &[
            ("August 3", "DATE", "2021-08-03"),
            ("6", "DATE", "2021-08-06"),
            ("9:30", "TIME", "2021-06-11T09:30"),
            ("11am on Friday", "TIME", "2021-06-11T11:00"),
        ],
    ),
    (
        "Repairs will take two to four weeks.",
        Some("2021-06-08"),
        &[("two", "DURATION", "P2W"), ("four weeks", "DURATION", "P4W")],
    ),
    (
        "The rally is on the second Sunday of October and the audit on the last Friday of the month.",
        Some("2021-06-08"),
        &[
            ("the second Sunday of October", "DATE", "2021-10-10"),
            ("the last Friday of the month", "DATE", "2021-06-25"),
        ],
    ),
    (
        "Shops will close on Good Friday, Orthodox Easter, Yom Kippur and Thanksgiving 2022.",
        Some("2021-01-10"),
        &[
            ("Good Friday", "DATE", "2021-04-02"),
            ("Orthodox Easter", "DATE", "2021-05-02"),
            ("Yom Kippur", "DATE", "2021-09-16"),
            ("Thanksgiving 2022", "DATE", "2022-11-24"),
        ],
    ),
    (
        "Markets shut for Eid al-Adha 2018 and reopen after Rizal Day 2019 and the Lantern Festival of 2024.",
        Some("2021-01-10"),
        &[
            // Umm al-Qura (the tabular calendar says 2018-08-22).
            ("Eid al-Adha 2018", "DATE", "2018-08-21"),
            ("Rizal Day 2019", "DATE", "2019-12-30"),
            ("Lantern Festival of 2024", "DATE", "2024-02-24"),
        ],
    ),
    (
        "Figures for last quarter and for Q4 2019 were filed on 11/02/2020 and 2020-03-04T10:15:00Z.",
        Some("2021-06-08"),
        &[
            ("last quarter", "DATE", "2021-Q1"),
            ("Q4 2019", "DATE", "2019-Q4"),
            ("11/02/2020", "DATE", "2020-11-02"),
            ("2020-03-04T10:15:00Z", "TIME", "2020-03-04T10:15"),
        ],
    ),
    (
        "The board meets every other Monday and reports quarterly.",
        Some("2021-06-08"),
        &[
            ("every other Monday", "SET", "XXXX-WXX-1"),
            ("quarterly", "SET", "P3M"),
        ],
    ),
    (
        "The quarterly dividend was paid Wednesday of next week, two Fridays from now.",
        Some("2021-06-08"),
        &[
            ("Wednesday of next week", "DATE", "2021-06-16"),
            ("two Fridays from now", "DATE", "2021-06-18"),
        ],
    ),
];

fn render(doc: &Document) -> Vec<(String, String, String)> {
    doc.timexes
        .iter()
        .map(|t| (t.text.clone(), t.kind.as_str().to_string(), t.value.clone()))
        .collect()
}

#[test]
fn table_of_sentences() {
    let mut failures = Vec::new();
    for (text, dct, expected) in CASES {
        let doc = analyse(text, *dct);
        let got = render(&doc);
        let want: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        if got != want {
            failures.push(format!("{text}\n   want {want:?}\n   got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn modifiers() {
    let doc = analyse(
        "Elections are due in early 2025 and lasted more than four months.",
        Some("2023-03-07"),
    );
    let mods: Vec<Option<&str>> = doc.timexes.iter().map(|t| t.modifier.as_deref()).collect();
    assert_eq!(mods, [Some("START"), Some("MORE_THAN")]);
    let doc = analyse("The council meets every week.", Some("2023-03-07"));
    assert_eq!(doc.timexes[0].quant.as_deref(), Some("EVERY"));
}

#[test]
fn unresolved_without_dct() {
    let doc = analyse("The quarrel began on December 17.", None);
    assert!(!doc.timexes[0].resolved);
    let doc = analyse("The quarrel began in 2019.", None);
    assert!(doc.timexes[0].resolved);
}

#[test]
fn header_is_not_tagged() {
    let doc = analyse(
        "date 2022-01-14\nMOSCOW, January 14. /TASS/. Talks were held on January 10.",
        None,
    );
    let values: Vec<&str> = doc.timexes.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["2022-01-14", "2022-01-10"]);
    assert!(doc.timexes.iter().all(|t| t.span.start >= doc.body_start));
}

#[test]
fn seed_like_dispatch() {
    // A dispatch of my own in the TASS format, with the seed's kinds of expressions.
    let text = "date 2022-01-14\nKYIV, January 14. /TASS/. The ministry published the note in December and said on Friday that it is not going to act now. \"The promises made in the 90s were broken,\" he said. On December 17, the council met. Talks were held on January 10 in Vienna.";
    let doc = analyse(text, None);
    let got: Vec<(&str, &str)> = doc
        .timexes
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("January 14", "2022-01-14"),
            ("December", "2021-12"),
            ("Friday", "2022-01-14"),
            ("now", "PRESENT_REF"),
            ("the 90s", "199"),
            ("December 17", "2021-12-17"),
            ("January 10", "2022-01-10"),
        ]
    );
}

#[test]
fn direction_policies_differ() {
    let text = "The council will meet on December 17.";
    let dct = Date::parse("2022-01-14");
    let value = |policy: DirectionPolicy| {
        let recogniser = TimeRecogniser::new().unwrap().with_policy(policy);
        let mut doc = Document::new(
            text.to_string(),
            Metadata {
                date: dct,
                ..Metadata::default()
            },
        );
        recogniser.annotate(&mut doc);
        doc.timexes[0].value.clone()
    };
    assert_eq!(value(DirectionPolicy::Tense), "2022-12-17");
    assert_eq!(value(DirectionPolicy::Past), "2021-12-17");
    assert_eq!(value(DirectionPolicy::Nearest), "2021-12-17");
    assert_eq!(value(DirectionPolicy::Future), "2022-12-17");
}

#[test]
fn narrative_years_anchor_dates_without_year() {
    let doc = analyse(
        "In 1939 the war began. On September 17 the second invasion followed.",
        Some("2009-12-19"),
    );
    let values: Vec<&str> = doc.timexes.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["1939", "1939-09-17"]);
}

#[test]
fn timeml_output_of_a_document() {
    let doc = analyse("date 2022-01-14\nTalks ended on Friday & resumed.", None);
    let xml = timeml::to_timeml(&doc);
    assert!(xml.contains("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2022-01-14\""));
    assert!(xml.contains("<TEXT>Talks ended on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2022-01-14\">Friday</TIMEX3> &amp; resumed.</TEXT>"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_and_values_are_valid(text in "\\PC{0,80}", dct in proptest::option::of(0i64..40000)) {
        let date = dct.and_then(|d| Date::from_days(d - 10000));
        let mut doc = Document::new(text.clone(), Metadata { date, ..Metadata::default() });
        recogniser().annotate(&mut doc);
        let mut last = 0;
        for t in &doc.timexes {
            prop_assert!(validate::is_valid_value(&t.value), "{}", t.value);
            prop_assert!(t.span.end <= text.len() && t.span.start < t.span.end);
            prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            prop_assert!(t.span.start >= last);
            last = t.span.end;
        }
    }

    #[test]
    fn timeml_reader_never_panics(body in "[<>&;a-zA-Z0-9 =\"/]{0,60}") {
        let raw = format!("<TimeML><DCT><TIMEX3 value=\"2000-01-01\"/></DCT><TEXT>{body}</TEXT></TimeML>");
        if let Ok(file) = timeml::TimemlFile::parse("x.tml", raw) {
            for t in &file.timexes {
                prop_assert!(t.span.end <= file.text.len());
            }
            let _ = file.write_with(&[]);
        }
    }

    #[test]
    fn date_like_inputs_give_valid_values(
        words in proptest::collection::vec(
            prop_oneof![
                Just("January"), Just("14"), Just("the"), Just("90s"), Just("last"), Just("week"),
                Just("Friday"), Just("night"), Just("3"), Just("p.m."), Just("ago"), Just("two"),
                Just("years"), Just("every"), Just("2021"), Just("early"), Just("quarter"),
                Just("third"), Just("'98"), Just("half"), Just("of"), Just("next"), Just(","),
                Just("31st"), Just("February"), Just("30"), Just("mid-"), Just("century"),
            ],
            0..12,
        ),
        dct in proptest::option::of(0i64..40000),
    ) {
        let text = words.join(" ");
        let date = dct.and_then(|d| Date::from_days(d - 10000));
        let mut doc = Document::new(text.clone(), Metadata { date, ..Metadata::default() });
        recogniser().annotate(&mut doc);
        for t in &doc.timexes {
            prop_assert!(validate::is_valid_value(&t.value), "{} -> {}", t.text, t.value);
            prop_assert_eq!(doc.slice(t.span), t.text.as_str());
        }
    }
}
