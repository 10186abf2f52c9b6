//! Every piece of text meant for people, Danish and English side by side.
//!
//! Each key has its Danish and its English text on the same line of the table below, so
//! a key cannot exist in one language only (it would not compile), and the unit tests
//! check that both texts use the same `{placeholders}`.

use crate::data::{EndReason, IssueKind, TableKind};
use crate::Lang;

macro_rules! texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// A piece of text meant for people.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Key { $($key,)* }

        impl Key {
            /// Every key.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// The text in the language asked for.
            pub(crate) fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Da) => $da, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    // the report's frame
    DefaultTitle => "Børn og unge på indsatstrappen", "Children and young people on the intervention staircase";
    DataAsOf => "Data pr. {date}", "Data as of {date}";
    ReportDate => "Rapportdato: {date}", "Report date: {date}";
    Contents => "Indhold", "Contents";
    Figure => "Figur", "Figure";
    SeeHtml => "Figuren findes i HTML-rapporten.", "The chart is in the HTML report.";
    And => "og", "and";
    Or => "eller", "or";
    Yes => "ja", "yes";
    No => "nej", "no";
    Total => "I alt", "Total";
    TotalDistinct => "I alt (hver person én gang)", "Total (each person once)";
    Year => "År", "Year";
    FewerThan => "færre end {t}", "fewer than {t}";
    PeriodUpTo => "{year} (til og med {date})", "{year} (up to {date})";
    MonthRange => "{from}–{to} {year}", "{from}–{to} {year}";
    MonthSingle => "{month} {year}", "{month} {year}";

    // sections
    SecSummary => "Kort fortalt", "In brief";
    SecStaircase => "Indsatstrappen år for år", "The staircase year by year";
    SecFlow => "Påbegyndte og afsluttede indsatser", "Measures started and ended";
    SecSpending => "Udgifter", "Spending";
    SecProgress => "Udvikling hos børn og unge", "How children and young people progressed";
    SecData => "Datagrundlag og datakvalitet", "Data and data quality";
    SecMethod => "Metode og definitioner", "Methods and definitions";

    // progression
    PrIntro => "Afsnittet viser, hvordan de børn og unge, der fik en indsats, udviklede sig fra en måling ved starten af deres første indsats (baseline) til opfølgninger efter {windows} måneder. Ændringen er gennemsnittet for dem, der blev fulgt op; de, der ikke blev fulgt op, tælles som tabt.", "This section shows how the children and young people who received a measure progressed from an assessment at the start of their first measure (baseline) to follow-ups after {windows} months. The change is the mean among those followed up; those not followed up are counted as lost.";
    PrLead => "{instrument}: {n} havde en baseline-måling. Efter {months} måneder var {followed} fulgt op, og deres {scale} ændrede sig i gennemsnit med {change} point (95 % konfidensinterval {lo} til {hi}).", "{instrument}: {n} had a baseline assessment. After {months} months {followed} had been followed up, and their {scale} changed by {change} points on average (95% confidence interval {lo} to {hi}).";
    PrLeadFew => "{instrument}: {n} havde en baseline-måling, men for få blev fulgt op til at vise en gennemsnitlig ændring.", "{instrument}: {n} had a baseline assessment, but too few were followed up to show a mean change.";
    PrBetterIs => "For {scale} er et lavere tal bedre.", "For {scale}, a lower score is better.";
    PrBetterIsHigher => "For {scale} er et højere tal bedre.", "For {scale}, a higher score is better.";
    PrAttrition => "Frafald ved {months} måneder: de, der ikke blev fulgt op, havde ved baseline i gennemsnit en score, der lå {diff} point fra deres, der blev fulgt op (p {p}). En klar forskel betyder, at de fulgte ikke er repræsentative for alle, der startede.", "Attrition at {months} months: those not followed up had a baseline score {diff} points from that of those followed up, on average (p {p}). A clear difference means those followed are not representative of all who started.";
    PrTableTitle => "{instrument}: ændring fra baseline", "{instrument}: change from baseline";
    PrColMonths => "Måneder", "Months";
    PrColBaseline => "Med baseline", "With baseline";
    PrColFollowed => "Fulgt op", "Followed up";
    PrColLost => "Tabt", "Lost";
    PrColChange => "Gns. ændring", "Mean change";
    PrColCi => "95 % KI", "95% CI";
    PrColBetter => "Pålideligt bedre", "Reliably better";
    PrColRecovered => "Heraf over den kliniske grænse", "Of which past the clinical cut-off";
    PrColSame => "Uændret", "Unchanged";
    PrColWorse => "Pålideligt værre", "Reliably worse";
    PrNoteRule => "Pålidelig ændring: en ændring på mindst {threshold} point (reglen »{rule}«, se metodeafsnittet).", "Reliable change: a change of at least {threshold} points (the rule \"{rule}\", see the methods section).";
    PrNoteSmall => "Gennemsnit for færre end {t} personer vises ikke.", "Means for fewer than {t} persons are not shown.";
    PrChartTitle => "{instrument}: udvikling fra baseline", "{instrument}: progress from baseline";
    PrChartX => "Måneder efter start", "Months after the start";
    PrChartY => "{scale} (point)", "{scale} (points)";
    PrChartMean => "Gennemsnit", "Mean";
    PrChartPeople => "Enkelte børn og unge", "Individual children and young people";
    PrChartCaption => "Tynde linjer er de enkelte børn og unge (vises kun, når de er mindst {t}); den tykke linje er gennemsnittet ved baseline plus den gennemsnitlige ændring blandt dem, der blev fulgt op ved hver opfølgning. n = {n} med baseline.", "Thin lines are individual children and young people (shown only when there are at least {t}); the thick line is the baseline mean plus the mean change among those followed up at each follow-up. n = {n} with a baseline.";

    PrSessLead => "{instrument} (FIT, måles ved hver samtale): {n} havde mindst to samtaler. Fra første til seneste samtale ændrede {scale} sig i gennemsnit med {change} point (95 % konfidensinterval {lo} til {hi}).", "{instrument} (FIT, measured at every session): {n} had at least two sessions. From the first to the latest session, {scale} changed by {change} points on average (95% confidence interval {lo} to {hi}).";
    PrSessLeadFew => "{instrument} (FIT, måles ved hver samtale): for få havde mindst to samtaler til at vise en gennemsnitlig ændring.", "{instrument} (FIT, measured at every session): too few had at least two sessions to show a mean change.";
    PrSessChartTitle => "{instrument}: score samtale for samtale", "{instrument}: score session by session";
    PrSessChartX => "Samtale nr.", "Session number";
    PrSessCaption => "Tynde linjer er de enkelte forløb (vises kun, når de er mindst {t}); den tykke linje er gennemsnittet ved hver samtale med mindst {t} målinger. Skraveringen viser instrumentets grænser. n = {n}.", "Thin lines are individual courses (shown only when there are at least {t}); the thick line is the mean at each session with at least {t} scores. The shading shows the instrument's cut-offs. n = {n}.";
    PrSessTableTitle => "{instrument}: første til seneste samtale", "{instrument}: first to latest session";
    PrColPersons => "Personer", "Persons";
    PrColTwo => "Mindst to samtaler", "At least two sessions";

    // effects
    SecEffect => "Virker indsatsen?", "Does the intervention work?";

    // economics
    SecEconomics => "Hvad koster indsatsen, og hvad sparer den?", "What does the intervention cost, and what does it save?";
    EcLead => "{intervention} har kostet {total} fra {from} til {to}, {per_year} pr. deltagende barn pr. år. Deltagerne kostede {amount} {direction} pr. barn pr. år til andre foranstaltninger end sammenlignelige børn (95 % konfidensinterval {lo} til {hi}).", "{intervention} cost {total} from {from} to {to}, {per_year} per participating child per year. The participants cost {amount} {direction} per child per year in other measures than comparable children (95% confidence interval {lo} to {hi}).";
    EcLess => "mindre", "less";
    EcMore => "mere", "more";
    EcSureSaving => "Intervallet ligger under nul, så indsatsen sparer sandsynligvis på de andre foranstaltninger.", "The interval lies below zero, so the intervention probably saves on other measures.";
    EcSureCost => "Intervallet ligger over nul, så deltagerne koster sandsynligvis mere i andre foranstaltninger.", "The interval lies above zero, so the participants probably cost more in other measures.";
    EcUnsure => "Intervallet rummer både besparelser og merudgifter, så det er usikkert, om indsatsen sparer på de andre foranstaltninger.", "The interval holds both savings and extra costs, so it is uncertain whether the intervention saves on other measures.";
    EcNetCost => "Medregnet indsatsens egen udgift koster en deltager netto {net} mere om året.", "With the intervention's own cost, a participant costs {net} more a year, net.";
    EcNetSaving => "Medregnet indsatsens egen udgift sparer en deltager netto {net} om året.", "With the intervention's own cost, a participant saves {net} a year, net.";
    EcBreakEven => "Regnestykket går i nul i {year}.", "The business case breaks even in {year}.";
    EcNoBreakEven => "Med disse tal har indsatsen ikke tjent sig selv hjem til og med {to}; nutidsværdien er {npv} (diskonteringsrente {rate}).", "On these figures the intervention has not paid for itself by {to}; its net present value is {npv} (discount rate {rate}).";
    EcTooFew => "Der er for få deltagere i {intervention} ({participants}) til at beregne, hvad indsatsen sparer; der skal mindst være {t} i hver gruppe.", "There are too few participants in {intervention} ({participants}) to estimate what the intervention saves; each group needs at least {t}.";
    EcFailed => "Besparelsen kunne ikke beregnes: {reason}.", "The savings could not be estimated: {reason}.";
    EcCpoLead => "Blandt deltagerne kostede {intervention} {value} pr. {outcome} (95 % konfidensinterval {lo} til {hi}): {total} til {participants} deltagere, der tilsammen nåede dertil {outcomes} gange. Det er prisen pr. opnået resultat, ikke pr. resultat, som indsatsen har skabt; nogle af børnene var også nået dertil uden indsatsen.", "Among the participants, {intervention} cost {value} per {outcome} (95% confidence interval {lo} to {hi}): {total} for {participants} participants, who together got there {outcomes} times. This is the price per result achieved, not per result the intervention caused; some of the children would have got there without it.";
    EcCpoLeftOut => "{n} deltagere uden en startdato før dataenes slutdato indgår ikke.", "{n} participants without a start date before the data's cut-off are not included.";
    EcNoteNotPositive => "{n} personer, hvis tilbagebetalinger opvejer deres udgifter i året, indgår ikke.", "{n} persons whose refunds outweigh their costs in the year are not included.";
    EcCpoTooFew => "Deltagerne nåede {outcome} færre end {t} gange, så en pris pr. {outcome} vises ikke.", "The participants reached {outcome} fewer than {t} times, so no price per {outcome} is shown.";
    EcCpoFailed => "Prisen pr. resultat kunne ikke beregnes: {reason}.", "The cost per outcome could not be computed: {reason}.";
    EcCpoNoColumns => "personoplysningerne mangler deltager- eller startdatokolonnen", "the persons table lacks the participant or start-date column";
    EcCpoUndefined => "der er ingen resultater at dividere med", "there are no outcomes to divide by";
    EcOutStepDown => "trin ned ad trappen", "step down the staircase";
    EcOutLeavingExam => "bestået afgangseksamen", "passed leaving exam";
    EcOutYouthEducation => "påbegyndt ungdomsuddannelse", "youth education started";
    EcOutSelfSupporting => "selvforsørgende ung", "self-supporting young person";
    EcColInvestment => "Investering", "Investment";
    EcColSavings => "Bruttobesparelse", "Gross savings";
    EcColNet => "Nettoudgift", "Net cost";
    EcColCumulative => "Akkumuleret nettoudgift", "Cumulative net cost";
    EcDiscountRate => "Diskonteringsrente", "Discount rate";
    EcNpv => "Nutidsværdi", "Net present value";
    EcGini => "Gini-koefficient", "Gini coefficient";
    EcTblBusiness => "Business case år for år", "The business case year by year";
    EcNoteSavings => "Bruttobesparelsen er den estimerede forskel i udgift pr. barn pr. år gange deltagernes barneår det år; den er et skøn, ikke en udgift, der er set i regnskabet.", "Gross savings are the estimated difference in cost per child per year times the participants' child-years that year; they are an estimate, not an amount seen in the ledger.";
    EcNoteNpv => "Nutidsværdi af bruttobesparelse minus investering: {npv} ved en diskonteringsrente på {rate} (første år udiskonteret).", "Net present value of gross savings minus investment: {npv} at a discount rate of {rate} (the first year undiscounted).";
    EcChartNetTitle => "Hvornår har {intervention} tjent sig hjem?", "When has {intervention} paid for itself?";
    EcChartNetY => "Nettoudgift ({unit})", "Net cost ({unit})";
    EcChartNetCaption => "Søjler: årets nettoudgift (investering minus bruttobesparelse); linje: den akkumulerede nettoudgift, {from}–{to}. Under nul har indsatsen tjent sig hjem.", "Bars: each year's net cost (investment minus gross savings); line: the cumulative net cost, {from}–{to}. Below zero the intervention has paid for itself.";
    EcChartTornadoTitle => "Hvilken antagelse betyder mest for regnestykket?", "Which assumption matters most to the business case?";
    EcChartTornadoX => "Nutidsværdi ({unit})", "Net present value ({unit})";
    EcChartTornadoCaption => "Nutidsværdien, når hver antagelse ændres med ±{change} og de andre holdes fast; den lodrette linje er beregningens nutidsværdi ({npv}).", "The net present value when each assumption changes by ±{change} and the others are held; the vertical line is the estimate ({npv}).";
    EcCounts => "Beregningen bygger på {participants} deltagere og {comparison} sammenligningsbørn fra distrikter uden indsatsen, vægtet, så de ligner deltagerne; deltagerne bidrager med {child_years} barneår. Usikkerheden er fundet ved bootstrap ({replicates} gentagelser).", "The estimate rests on {participants} participants and {comparison} comparison children from districts without the intervention, weighted to resemble the participants; the participants contribute {child_years} child-years. The uncertainty comes from a bootstrap ({replicates} replicates).";
    EcExcluded => "Ikke med: {list}.", "Not included: {list}.";
    EcExNoStart => "{n} deltagere uden startdato", "{n} participants without a start date";
    EcExStartOutside => "{n} deltagere, der startede uden for dataperioden", "{n} participants who started outside the data's period";
    EcExLeft => "{n}, der var flyttet før starten", "{n} who had moved away before the start";
    EcExNoBirth => "{n} uden fødselsdato", "{n} without a birth date";
    EcExNoEligible => "{n} sammenligningspersoner, der ikke var børn, da indsatsen kørte", "{n} comparison persons who were not children while the intervention ran";
    EcExMissing => "{n} med manglende oplysninger til sammenligningen", "{n} with information missing for the comparison";
    EcExDistrict => "{n} børn i indsatsens distrikter, der ikke deltog (de sammenlignes ikke)", "{n} children in the intervention's districts who did not take part (they are not compared)";
    EcExOther => "{n} ({reason})", "{n} ({reason})";
    EcBreakEvenUnsure => "Bruges skønnet, som det er, går regnestykket i nul i {year}; men da besparelsen er usikker, kan indsatsen lige så vel være en nettoudgift.", "Taking the estimate as it stands, the business case breaks even in {year}; but since the saving is uncertain, the intervention may just as well be a net cost.";
    EcConcFailed => "Fordelingen af udgifterne kunne ikke beregnes: {reason}.", "The distribution of costs could not be computed: {reason}.";
    EcConcLead => "I {year} gik {top1} af udgifterne til den dyreste 1 % af de {n} børn og unge med en udgift ({total} i alt), og {top10} til de dyreste 10 %. Gini-koefficienten er {gini}.", "In {year}, {top1} of the cost went to the costliest 1% of the {n} children and young people with a cost ({total} in all), and {top10} to the costliest 10%. The Gini coefficient is {gini}.";
    EcConcLeadNoTop1 => "I {year} gik {top10} af udgifterne til de dyreste 10 % af de {n} børn og unge med en udgift ({total} i alt). Gini-koefficienten er {gini}.", "In {year}, {top10} of the cost went to the costliest 10% of the {n} children and young people with a cost ({total} in all). The Gini coefficient is {gini}.";
    EcChartLorenzTitle => "Få børn står for en stor del af udgifterne", "A few children account for much of the cost";
    EcChartLorenzX => "Andel af børnene, billigste først (%)", "Share of children, cheapest first (%)";
    EcChartLorenzY => "Andel af udgifterne (%)", "Share of the cost (%)";
    EcChartLorenzCaption => "Lorenz-kurve for udgifterne i {year} til {n} børn og unge med en udgift; jo længere kurven ligger fra diagonalen, jo mere er udgifterne samlet på få. Gini {gini}.", "Lorenz curve of the cost in {year} of {n} children and young people with a cost; the further the curve lies from the diagonal, the more the cost is held by few. Gini {gini}.";
    EcLorenzCurve => "Udgifterne", "The cost";
    EcLorenzEqual => "Lige fordeling", "Equal shares";
    EcTblConcentration => "De dyreste børn og unges andel af udgifterne, {year}", "The costliest children's share of the cost, {year}";
    EcColGroup => "Gruppe", "Group";
    EcColPersons => "Personer", "Persons";
    EcColShare => "Andel af udgifterne", "Share of the cost";
    EcTopGroup => "De dyreste {pct} %", "The costliest {pct}%";
    EcNoteGini => "Gini-koefficient: {gini} (0: alle koster det samme; tæt på 1: én person har alle udgifterne).", "Gini coefficient: {gini} (0: everyone costs the same; near 1: one person has all the cost).";
    EcNoteTopShare => "Når gruppen ikke er et helt antal personer, tæller den sidste person med den brøkdel, der mangler (som Lorenz-kurven). En andel, der bygger på færre personer end grænsen for små tal, vises ikke.", "When the group is not a whole number of persons, the last person counts with the fraction needed (as on the Lorenz curve). A share that rests on fewer persons than the small-count limit is not shown.";
    EcDefInvestment => "Indsatsens egen udgift: regnskabets linjer på kontoen {account} for deltagerne og de linjer på kontoen, der ikke er knyttet til en person (fx koordinering).", "The intervention's own cost: the ledger's lines on the account {account} for the participants, and the lines on the account that name no person (e.g. coordination).";
    EcDefSavings => "Hvad deltagerne ville have kostet i andre foranstaltninger uden indsatsen, minus hvad de kostede: skønnet ud fra sammenlignelige børn i distrikter uden indsatsen.", "What the participants would have cost in other measures without the intervention, minus what they cost: estimated from comparable children in districts without it.";
    EcDefNet => "Investering minus bruttobesparelse. Den akkumulerede nettoudgift er summen til og med året; når den når nul, er regnestykket gået i nul.", "Investment minus gross savings. The cumulative net cost is the sum up to the year; when it reaches zero, the business case breaks even.";
    EcDefNpv => "Bruttobesparelser minus investeringer, hvor et senere års beløb tæller mindre: divideret med (1 + {rate}) for hvert år efter det første.", "Gross savings minus investments, where a later year's amount counts less: divided by (1 + {rate}) for each year after the first.";
    EcDefNpvMof => "Renten er Finansministeriets samfundsøkonomiske diskonteringsrente (3,5 % for år 0–35; Dokumentationsnotat om den samfundsøkonomiske diskonteringsrente, 2021).", "The rate is the Danish Ministry of Finance's socio-economic discount rate (3.5% for years 0–35; its 2021 documentation note on the socio-economic discount rate).";
    EcDefGini => "Et mål for, hvor skævt udgifterne er fordelt mellem personerne: 0, når alle koster det samme, tæt på 1, når én person har næsten alle udgifterne.", "A measure of how unevenly the cost is spread over persons: 0 when everyone costs the same, near 1 when one person has nearly all of it.";
    EfIntro => "Afsnittet sammenligner {scale} efter {months} måneder for børn i {intervention} med sammenlignelige børn uden indsatsen, hver fulgt fra sin egen start. Hovedresultatet bygger på {design}; de øvrige beregninger står ved siden af, så man kan se, om konklusionen afhænger af metoden.", "This section compares {scale} after {months} months for children in {intervention} with comparable children without it, each followed from their own start. The main result rests on {design}; the other calculations are shown beside it, so one can see whether the conclusion depends on the method.";
    EfLead => "Efter {months} måneder havde børnene i {intervention} i gennemsnit {amount} point {direction} {scale} end sammenlignelige børn ({design}; 95 % konfidensinterval {lo} til {hi}).", "After {months} months the children in {intervention} had on average {amount} points {direction} {scale} than comparable children ({design}; 95% confidence interval {lo} to {hi}).";
    EfLeadPrepost => "Efter {months} måneder havde børnene i {intervention} ændret deres {scale} med {change} point i gennemsnit (95 % konfidensinterval {lo} til {hi}). Der er ingen sammenligningsgruppe, så det viser ikke, hvad der var sket uden indsatsen.", "After {months} months the children in {intervention} had changed their {scale} by {change} points on average (95% confidence interval {lo} to {hi}). There is no comparison group, so this does not show what would have happened without the intervention.";
    RangeTo => "til", "to";
    EfBaselineName => "scoren ved start", "the score at the start";
    EfNoReplace => "uden tilbagelægning", "without replacement";
    EfReplace => "med tilbagelægning (et barn i sammenligningsgruppen kan være match for flere)", "with replacement (a comparison child can be the match of several)";
    EfSeCluster => "standardfejl klyngerobust pr. matchet par", "standard errors cluster-robust by matched pair";
    EfSeHc3 => "robuste standardfejl (HC3)", "robust standard errors (HC3)";
    EfLower => "lavere", "lower";
    EfHigher => "højere", "higher";
    EfSure => "Intervallet indeholder ikke 0, så forskellen er næppe tilfældig.", "The interval does not include 0, so the difference is unlikely to be chance.";
    EfUnsure => "Intervallet indeholder 0: data kan ikke udelukke, at indsatsen ingen effekt har.", "The interval includes 0: the data cannot rule out that the intervention has no effect.";
    EfTooFew => "For få børn havde både en måling ved start og en opfølgning efter {months} måneder til at beregne en effekt (der skal være mindst {t} i hver gruppe).", "Too few children had both an assessment at the start and a follow-up after {months} months to estimate an effect (at least {t} are needed in each group).";
    EfFailed => "Effekten kunne ikke beregnes med {design}: {reason}", "The effect could not be estimated by {design}: {reason}";
    EfTableTitle => "Effekten beregnet på flere måder", "The effect estimated in several ways";
    EfColDesign => "Beregning", "Calculation";
    EfColEstimate => "Forskel (point)", "Difference (points)";
    EfColCi => "95 %-konfidensinterval", "95% confidence interval";
    EfColTreated => "Indsatsgruppe", "Participants";
    EfColComparison => "Sammenligning", "Comparison";
    EfMain => "{design} (hovedresultat)", "{design} (main result)";
    EfNaive => "Simpel forskel uden justering", "Plain difference, no adjustment";
    EfPrepost => "Før/efter i indsatsgruppen", "Before/after among participants";
    EfAncova => "Regression med baseline og baggrund (ANCOVA)", "Regression on baseline and background (ANCOVA)";
    EfMatching => "Matchning på propensity score", "Propensity-score matching";
    EfWeighting => "Vægtning med propensity score (IPW)", "Propensity-score weighting (IPW)";
    EfDoublyRobust => "Dobbelt robust beregning (AIPW)", "Doubly robust estimate (AIPW)";
    EfTableNote => "Forskel i point efter {months} måneder: indsatsgruppen minus sammenligningsgruppen; et negativt tal er en lavere score. Før/efter-rækken er ændringen i indsatsgruppen alene. Antal er de børn, beregningen bygger på.", "Difference in points after {months} months: participants minus comparison; a negative number is a lower score. The before/after row is the change among participants alone. Counts are the children each calculation rests on.";
    EfNaiveNote => "Den simple forskel tager ikke højde for, at børnene i indsatsen adskilte sig fra de andre allerede ved start (den er {naive} point mod {main} i hovedresultatet); den bør ikke bruges som effektmål.", "The plain difference ignores that the children in the intervention differed from the others from the start (it is {naive} points against {main} in the main result); it should not be used as a measure of effect.";
    EfCountsTitle => "Hvem indgår i sammenligningen", "Who is in the comparison";
    EfColGroup => "Gruppe", "Group";
    EfColStarted => "Startet", "Started";
    EfColBaseline => "Med måling ved start", "With a baseline";
    EfColFollowed => "Også fulgt op", "Also followed up";
    EfColUsed => "Brugt", "Used";
    EfCountsNote => "Børn uden en måling ved start eller uden opfølgning kan ikke indgå; de tælles her, så intet forsvinder ubemærket.", "Children without a baseline or a follow-up cannot be included; they are counted here so that nothing disappears unnoticed.";
    EfLoveTitle => "Ligner grupperne hinanden? Forskel før og efter {design}", "Are the groups alike? Differences before and after {design}";
    EfLoveX => "Standardiseret forskel (|SMD|)", "Standardised difference (|SMD|)";
    EfLoveCaption => "Standardiseret forskel i gennemsnit mellem indsats- og sammenligningsgruppen for hver baggrundsvariabel før og efter justering; under {threshold} regnes for god balance. n = {n} børn i indsatsgruppen.", "Standardised mean difference between participants and comparison for each background variable before and after adjustment; below {threshold} counts as good balance. n = {n} participants.";
    EfLoveY => "Baggrund", "Background";
    EfBefore => "Før", "Before";
    EfAfter => "Efter", "After";
    EfThreshold => "Grænse", "Threshold";
    EfOverlapTitle => "Overlap: hvor sandsynligt det var at få indsatsen", "Overlap: how likely it was to receive the intervention";
    EfOverlapX => "Propensity score (sandsynlighed for indsatsen)", "Propensity score (probability of the intervention)";
    EfOverlapY => "Andel pr. enhed", "Density";
    EfOverlapCaption => "Fordelingen af propensity score i indsatsgruppen (op) og sammenligningsgruppen (ned). Matchning og vægtning kan kun sammenligne, hvor fordelingerne overlapper. n = {n} børn.", "The distribution of the propensity score among participants (up) and the comparison group (down). Matching and weighting can only compare where the distributions overlap. n = {n} children.";
    EfImbalance => "Efter {design} er der stadig forskel (|SMD| over {threshold}) på: {covariates}.", "After {design} differences remain (|SMD| above {threshold}) in: {covariates}.";
    EfCanMatching => "Matchning sammenligner hvert barn i indsatsen med det barn uden indsatsen, der lignede mest på det målte ved start: {covariates}. Det kan vise effekten for de børn, der fik indsatsen. Det kan ikke tage højde for forhold, der ikke er målt – fx familiens motivation – og børn uden et lignende barn i sammenligningsgruppen indgår ikke.", "Matching compares each child in the intervention with the child without it who was most alike on what was measured at the start: {covariates}. It can show the effect for the children who received the intervention. It cannot account for what was not measured – such as the family's motivation – and children without a similar child in the comparison group are left out.";
    EfCanAncova => "Regressionen sammenligner grupperne, som om de havde haft samme score og baggrund ved start ({covariates}). Den kan ikke tage højde for forhold, der ikke er målt, og den antager, at sammenhængen med baggrunden er den samme i begge grupper.", "The regression compares the groups as if they had had the same score and background at the start ({covariates}). It cannot account for what was not measured, and it assumes the background relates to the outcome in the same way in both groups.";
    EfCanWeighting => "Vægtningen giver de børn i sammenligningsgruppen, der ligner indsatsbørnene mest på det målte ({covariates}), større vægt. Den kan ikke tage højde for forhold, der ikke er målt, og få børn med store vægte gør resultatet usikkert.", "Weighting gives more weight to the children in the comparison group who are most like the participants on what was measured ({covariates}). It cannot account for what was not measured, and a few children with large weights make the result uncertain.";
    EfCanDoublyRobust => "Den dobbelt robuste beregning kombinerer vægtning og regression på det målte ({covariates}): resultatet holder, hvis blot én af de to modeller er rigtig. Den kan heller ikke tage højde for forhold, der ikke er målt.", "The doubly robust estimate combines weighting and regression on what was measured ({covariates}): the result holds if either of the two models is right. It too cannot account for what was not measured.";
    EfCanPrepost => "Før/efter viser, hvor meget børnene i indsatsen ændrede sig, men ikke hvad der var sket uden indsatsen: børn i vanskeligheder bliver ofte bedre af sig selv.", "Before/after shows how much the children in the intervention changed, but not what would have happened without it: children in difficulty often improve on their own.";
    EfDefPs => "Propensity score", "Propensity score";
    EfDefPsText => "Sandsynligheden for at få indsatsen givet baggrunden ved start, beregnet ved logistisk regression (som R's glm).", "The probability of receiving the intervention given the background at the start, by logistic regression (as R's glm).";
    EfDefSmd => "Standardiseret forskel (SMD)", "Standardised mean difference (SMD)";
    EfDefSmdText => "Forskellen i gennemsnit mellem grupperne divideret med indsatsgruppens spredning før justering (som MatchIt og cobalt); under 0,1 regnes som god balance.", "The difference in means between the groups divided by the participants' standard deviation before adjustment (as MatchIt and cobalt); below 0.1 counts as good balance.";
    EfDefMatching => "Matchning", "Matching";
    EfDefMatchingText => "Grådig nærmeste-nabo-matchning {replacement} på propensity score, størst score først, med en caliper på {caliper} standardafvigelser (som R's MatchIt, method = \"nearest\"); {se}.", "Greedy nearest-neighbour matching {replacement} on the propensity score, largest score first, with a caliper of {caliper} standard deviations (as R's MatchIt, method = \"nearest\"); {se}.";
    EfDefWeighting => "Vægtning og dobbelt robust", "Weighting and doubly robust";
    EfDefWeightingText => "IPW: indsatsbørn vægt 1, sammenligningsbørn e/(1 − e), forskel i vægtede gennemsnit med robust standardfejl (HC0). AIPW: vægtning plus regressionsmodeller for udfaldet i hver gruppe, standardfejl fra influensfunktionen.", "IPW: participants weight 1, comparison children e/(1 − e), difference in weighted means with a robust standard error (HC0). AIPW: weighting plus outcome regressions in each group, standard errors from the influence function.";
    // the effect over time (interrupted time series)
    SecOverTime => "Har udviklingen ændret sig?", "Did the trend change?";
    OtIntro => "Afsnittet følger {series} måned for måned fra {from} til {to} og spørger, om udviklingen ændrede sig, da {intervention} begyndte i {interruption}. Tendensen fra før {interruption} forlænges som et bud på, hvordan udgifterne ville have udviklet sig uden en ændring (en afbrudt tidsserie).", "This section follows {series} month by month from {from} to {to} and asks whether the course changed when {intervention} began in {interruption}. The trend before {interruption} is extended as an estimate of how spending would have developed without a change (an interrupted time series).";
    OtSeriesAll => "de samlede udgifter i regnskabet", "total spending in the ledger";
    OtSeriesSome => "udgifterne i regnskabet til {measures}", "ledger spending on {measures}";
    OtTheIntervention => "indsatsen", "the intervention";
    OtOutcome => "Udgifter pr. måned ({unit})", "Spending per month ({unit})";
    OtUnitMillion => "mio. kr.", "DKK million";
    OtUnitKroner => "kr.", "DKK";
    OtLead => "Fra {interruption} ændrede de månedlige udgifter sig med {level} (95 % konfidensinterval {level_lo} til {level_hi}), og den månedlige tendens ændrede sig med {slope} om måneden ({slope_lo} til {slope_hi}). I {end} lå udgifterne {effect} {direction} end hvis tendensen fra før var fortsat ({effect_lo} til {effect_hi}).", "From {interruption} monthly spending changed by {level} (95% confidence interval {level_lo} to {level_hi}), and the monthly trend changed by {slope} per month ({slope_lo} to {slope_hi}). In {end} spending was {effect} {direction} than had the earlier trend continued ({effect_lo} to {effect_hi}).";
    OtHigher => "højere", "higher";
    OtLower => "lavere", "lower";
    OtSureEnd => "Intervallet for forskellen i {end} indeholder ikke 0, så ændringen er næppe tilfældig. Det viser dog ikke i sig selv, at det var {intervention}, der gjorde forskellen (se nedenfor).", "The interval for the difference in {end} does not include 0, so the change is unlikely to be chance. That alone does not show that {intervention} made the difference (see below).";
    OtUnsureAll => "Alle tre intervaller indeholder 0: data viser ikke, at udviklingen ændrede sig i {interruption}, men de kan heller ikke udelukke ændringer af den størrelse, intervallerne spænder over.", "All three intervals include 0: the data do not show that the course changed in {interruption}, nor can they rule out changes as large as the intervals allow.";
    OtUnsureEnd => "Intervallet for forskellen i {end} indeholder 0: data kan ikke udelukke, at udgifterne ved seriens slutning lå, hvor tendensen fra før ville have ført dem.", "The interval for the difference in {end} includes 0: the data cannot rule out that spending at the end of the series was where the earlier trend would have taken it.";
    OtLeadCaution => "Afvigelserne fra de rette linjer hænger dog stærkt sammen fra måned til måned, så intervallerne er sandsynligvis for smalle, og resultatet skal læses med forsigtighed.", "The gaps from the straight lines are, however, strongly related from month to month, so the intervals are probably too narrow, and the result should be read with caution.";
    OtCanIts => "En afbrudt tidsserie sammenligner kommunen med dens egen fortid, ikke med en sammenligningsgruppe. Den antager, at tendensen fra før ville have fortsat i en ret linje{seasons}, og at intet andet, der påvirker udgifterne, ændrede sig i {interruption} – fx takster, kontoplan, lovgivning eller antallet af børn. Designet kan ikke skelne indsatsen fra sådanne samtidige ændringer. En sammenligningsserie, fx en nabokommune eller udgifter, som indsatsen ikke berører, ville styrke konklusionen.", "An interrupted time series compares the municipality with its own past, not with a comparison group. It assumes that the earlier trend would have continued in a straight line{seasons}, and that nothing else affecting spending changed in {interruption} – rates, the chart of accounts, legislation or the number of children, for instance. The design cannot tell the intervention apart from such simultaneous changes. A comparison series, such as a neighbouring municipality or spending the intervention does not touch, would strengthen the conclusion.";
    OtCanSeasons => " (ud over de faste udsving mellem årets måneder)", " (apart from the regular differences between the months of the year)";
    OtStaggered => "{intervention} startede i distrikterne på forskellige tidspunkter ({first} til {last}). Analysen bruger den første start; en effekt, der kommer gradvist med distrikterne, viser sig derfor snarere som en ændret tendens end som et spring.", "{intervention} started in the districts at different times ({first} to {last}). The analysis uses the first start; an effect that arrives gradually with the districts therefore shows as a changed trend rather than a jump.";
    OtObserved => "Målt", "Measured";
    OtFitted => "Tilpasset forløb", "Fitted course";
    OtCounterfactual => "Uden afbrydelsen (tendensen før, forlænget)", "Without the interruption (earlier trend, extended)";
    OtDifference => "Forskel", "Difference";
    OtColMonth => "Måned", "Month";
    OtPathTitle => "Udgifter pr. måned: målt, tilpasset og uden afbrydelsen", "Spending per month: measured, fitted and without the interruption";
    OtPathNote => "Forskel: det tilpassede forløb minus forløbet uden afbrydelsen, fra {interruption}.", "Difference: the fitted course minus the course without the interruption, from {interruption}.";
    OtTableTitle => "Udviklingen før og efter {interruption}", "The course before and after {interruption}";
    OtColQuantity => "Størrelse", "Quantity";
    OtColEstimate => "Skøn", "Estimate";
    OtColCi => "95 % konfidensinterval", "95% confidence interval";
    OtRowPreSlope => "Tendens før (pr. måned)", "Trend before (per month)";
    OtRowLevel => "Niveauændring i {interruption}", "Level change in {interruption}";
    OtRowSlope => "Ændring i tendens (pr. måned)", "Change in trend (per month)";
    OtRowPostSlope => "Tendens efter (pr. måned)", "Trend after (per month)";
    OtRowEnd => "Forskel fra forløbet uden afbrydelsen i {end}", "Difference from the course without the interruption in {end}";
    OtTableNote => "Segmenteret regression på {n} måneder ({pre} før, {post} fra og med {interruption}){seasons}. Konfidensintervallerne bygger på Newey–West-standardfejl med {lags} måneders forsinkelse, som tager højde for, at nabomåneder ligner hinanden.", "Segmented regression on {n} months ({pre} before, {post} from {interruption} on){seasons}. The confidence intervals rest on Newey–West standard errors with {lags} months of lag, which allow for neighbouring months being alike.";
    OtTableSeasons => ", med en fast forskel for hver af årets måneder", ", with a fixed difference for each month of the year";
    OtDiagWeak => "Afvigelserne mellem de målte og de tilpassede udgifter hænger kun svagt sammen fra måned til måned (korrelation {r}, Durbin–Watson {dw}). De rette linjer beskriver altså udviklingen rimeligt, og usikkerheden er beregnet, så den tager højde for den sammenhæng, der er.", "The gaps between measured and fitted spending are only weakly related from month to month (correlation {r}, Durbin–Watson {dw}). The straight lines thus describe the course reasonably, and the uncertainty is computed to allow for what relation there is.";
    OtDiagModerate => "Afvigelserne mellem de målte og de tilpassede udgifter hænger noget sammen fra måned til måned (korrelation {r}, Durbin–Watson {dw}). Usikkerheden er beregnet, så den tager højde for det (Newey–West), men intervallerne kan være lidt for smalle.", "The gaps between measured and fitted spending are somewhat related from month to month (correlation {r}, Durbin–Watson {dw}). The uncertainty is computed to allow for this (Newey–West), but the intervals may be a little too narrow.";
    OtDiagStrong => "Afvigelserne mellem de målte og de tilpassede udgifter hænger stærkt sammen fra måned til måned (korrelation {r}, Durbin–Watson {dw}): de rette linjer fanger ikke hele udviklingen, og intervallerne er sandsynligvis for smalle. Læs resultatet med forsigtighed.", "The gaps between measured and fitted spending are strongly related from month to month (correlation {r}, Durbin–Watson {dw}): the straight lines do not capture the whole course, and the intervals are probably too narrow. Read the result with caution.";
    OtDiagExact => "Modellen passer præcist til serien, så usikkerheden og sammenhængen fra måned til måned kan ikke vurderes.", "The model fits the series exactly, so the uncertainty and the relation from month to month cannot be judged.";
    OtWarningsLead => "Vær opmærksom på:", "Please note:";
    OtWarnShort => "Der er kun {n} måneder {side} {interruption}; tendensen dér hviler på få punkter, og usikkerheden er upålidelig i korte serier.", "There are only {n} months {side} {interruption}; the trend there rests on few points, and the uncertainty is unreliable in short series.";
    OtBefore => "før", "before";
    OtFromOn => "fra og med", "from";
    OtWarnExact => "Modellen passer præcist, så standardfejl og intervaller siger intet.", "The model fits exactly, so the standard errors and intervals say nothing.";
    OtWarnAutocorr => "Stærk sammenhæng fra måned til måned i afvigelserne: intervallerne er sandsynligvis for smalle.", "Strong relation from month to month in the gaps: the intervals are probably too narrow.";
    OtWarnMissingMeasure => "{measures} har ingen linjer i regnskabet og indgår ikke.", "{measures} have no lines in the ledger and are not included.";
    OtPartialMonth => "{month} er udeladt, fordi data kun går til {date}, så måneden ikke er færdigbogført.", "{month} is left out because the data only run to {date}, so the month is not fully booked.";
    OtNoLedger => "Regnskabet har ingen linjer, så udgifterne kan ikke følges måned for måned.", "The ledger has no lines, so spending cannot be followed month by month.";
    OtNoMeasure => "Ingen af de valgte foranstaltninger ({measures}) har linjer i regnskabet, så udviklingen kan ikke vurderes.", "None of the measures chosen ({measures}) has lines in the ledger, so the course cannot be assessed.";
    OtTooShort => "Serien har {pre} måneder før {interruption} og {post} fra og med; der skal være mindst 3 på hver side (helst mindst 8) for at beregne en tendens før og efter, så udviklingen vurderes ikke her.", "The series has {pre} months before {interruption} and {post} from it on; at least 3 are needed on each side (preferably 8 or more) to estimate a trend before and after, so the course is not assessed here.";
    OtFailed => "Udviklingen kunne ikke beregnes: {reason}", "The course could not be estimated: {reason}";
    OtDefIts => "Afbrudt tidsserie", "Interrupted time series";
    OtDefItsText => "En lineær regression af de månedlige udgifter på tiden med et spring (niveauændring) og en ny hældning (ændring i tendens) fra afbrydelsen og, når det er valgt, en fast forskel for hver af årets måneder.", "A linear regression of monthly spending on time with a jump (level change) and a new slope (change in trend) from the interruption and, when chosen, a fixed difference for each month of the year.";
    OtDefCounterfactual => "Forløbet uden afbrydelsen", "The course without the interruption";
    OtDefCounterfactualText => "Det tilpassede forløb uden spring og ny hældning: tendensen fra før, forlænget. Forskellen til det tilpassede forløb er den beregnede ændring i den måned.", "The fitted course without the jump and the new slope: the earlier trend, extended. Its gap to the fitted course is the estimated change in that month.";
    OtDefNeweyWest => "Newey–West-standardfejl", "Newey–West standard errors";
    OtDefNeweyWestText => "Standardfejl, der tager højde for, at udgifterne i nabomåneder ligner hinanden (Bartlett-vægte, {lags} måneders forsinkelse, normalfordelingen).", "Standard errors that allow for spending in neighbouring months being alike (Bartlett weights, {lags} months of lag, the normal distribution).";
    // the effect over time: synthetic control
    SecOverTimeSynth => "{unit} sammenlignet med andre kommuner", "{unit} compared with other municipalities";
    OsIntro => "Afsnittet følger {outcome} i {unit} år for år fra {from} til {to} og sammenligner med en syntetisk kontrolkommune: en vægtet blanding af de {donors} andre kommuner i panelet, valgt så den fulgte {unit} så tæt som muligt før {time}. Forskellen fra {time} er et bud på, hvad {intervention} har betydet (syntetisk kontrol).", "This section follows {outcome} in {unit} year by year from {from} to {to} and compares it with a synthetic control municipality: a weighted mix of the {donors} other municipalities in the panel, chosen to follow {unit} as closely as possible before {time}. The difference from {time} on is an estimate of what {intervention} has meant (synthetic control).";
    OsLead => "Fra {time} til {end} lå {outcome} i {unit} i gennemsnit {att} {direction} om året end i den syntetiske kontrolkommune.", "From {time} to {end}, {outcome} in {unit} was on average {att} {direction} per year than in the synthetic control municipality.";
    OsRank => "Hver af de andre kommuner er regnet igennem, som om den havde fået indsatsen (placebo): i {x} af {y} kommuner ({unit} medregnet) var afvigelsen efter {time}, målt i forhold til afvigelsen før, mindst lige så stor som i {unit} (p = {p}).", "Each of the other municipalities was run as if it had had the intervention (placebo): in {x} of {y} municipalities ({unit} included) the gap after {time}, measured against the gap before, was at least as large as in {unit} (p = {p}).";
    OsRare => "Så stor en afvigelse er sjælden blandt kommunerne og næppe tilfældig; den viser dog ikke i sig selv, at det var {intervention}, der gjorde forskellen (se nedenfor).", "A gap this large is rare among the municipalities and unlikely to be chance; that alone does not show that {intervention} made the difference (see below).";
    OsCommon => "Så stor en afvigelse er ikke usædvanlig blandt kommunerne: data viser ikke sikkert, at {unit} udviklede sig anderledes end de andre efter {time}.", "A gap this large is not unusual among the municipalities: the data do not show with any certainty that {unit} developed differently from the others after {time}.";
    OsNoPlacebo => "Der er ingen placebo-kommuner at sammenligne med, så afvigelsen kan ikke vurderes mod tilfældigheder.", "There are no placebo municipalities to compare with, so the gap cannot be judged against chance.";
    OsPerfect => "Den syntetiske kontrolkommune følger {unit} helt præcist før {time} (RMSPE 0), så afvigelsen bagefter kan ikke rangeres blandt placebo-kommunerne; med få år er så præcis en tilpasning snarere et tegn på for få data end på en god kontrol.", "The synthetic control municipality follows {unit} exactly before {time} (RMSPE 0), so the gap afterwards cannot be ranked among the placebo municipalities; with few years so exact a fit is a sign of too few data rather than of a good control.";
    OsFit => "Før {time} afveg den syntetiske kontrolkommune i gennemsnit {rmspe} fra {unit} om året (RMSPE), svarende til {share} af det gennemsnitlige niveau ({level}).", "Before {time} the synthetic control municipality differed from {unit} by {rmspe} per year on average (RMSPE), {share} of the average level ({level}).";
    OsFitGood => "Den fulgte altså {unit} tæt før indsatsen.", "It thus followed {unit} closely before the intervention.";
    OsFitFair => "Den fulgte altså {unit} rimeligt før indsatsen.", "It thus followed {unit} reasonably before the intervention.";
    OsFitPoor => "Den fulgte altså ikke {unit} tæt før indsatsen, og forskellen bagefter skal læses med forsigtighed.", "It thus did not follow {unit} closely before the intervention, and the difference afterwards should be read with caution.";
    OsDonors => "Den syntetiske kontrolkommune består mest af {list}.", "The synthetic control municipality consists mostly of {list}.";
    OsDonor => "{unit} ({weight})", "{unit} ({weight})";
    OsCan => "En syntetisk kontrol sammenligner {unit} med kommuner, der ikke fik indsatsen, og tager dermed højde for det, der ramte alle kommuner på samme tid, fx lovgivning og konjunktur. Den antager, at blandingen, der fulgte {unit} før {time}, også ville have fulgt den bagefter uden indsatsen, og at intet andet særligt for {unit} ændrede sig omkring {time}. Den kan ikke skelne indsatsen fra andre lokale ændringer samme år, og med én kommune med indsatsen er der intet konfidensinterval – kun kommunens plads blandt placebo-kommunerne.", "A synthetic control compares {unit} with municipalities that did not have the intervention, and so allows for what hit all municipalities at once, such as legislation and the economy. It assumes that the mix that followed {unit} before {time} would have gone on following it without the intervention, and that nothing else particular to {unit} changed around {time}. It cannot tell the intervention apart from other local changes in the same year, and with one municipality that had the intervention there is no confidence interval – only the municipality's rank among the placebo municipalities.";
    OsPathTitle => "{outcome}: {unit} og den syntetiske kontrolkommune", "{outcome}: {unit} and the synthetic control municipality";
    OsGapTitle => "Forskellen mellem {unit} og den syntetiske kontrolkommune, med placebo-kommunerne", "The difference between {unit} and the synthetic control municipality, with the placebo municipalities";
    OsGapLabel => "Forskel i {outcome}", "Difference in {outcome}";
    OsCaption => "{unit} og {donors} andre kommuner, {from}–{to}", "{unit} and {donors} other municipalities, {from}–{to}";
    OsSynthetic => "Syntetisk kontrol", "Synthetic control";
    OsPlacebos => "Placebo-kommuner", "Placebo municipalities";
    OsTreatment => "{intervention} fra {time}", "{intervention} from {time}";
    OsTableTitle => "{unit} og den syntetiske kontrolkommune år for år: {outcome}", "{unit} and the synthetic control municipality year by year: {outcome}";
    OsColSynthetic => "Syntetisk kontrol", "Synthetic control";
    OsTableNote => "Forskel: {unit} minus den syntetiske kontrolkommune. Gennemsnittet af forskellene fra {time} er {att}.", "Difference: {unit} minus the synthetic control municipality. The mean of the differences from {time} on is {att}.";
    OsWarnFewPre => "Der er kun {n} år før {time}; blandingen hviler på få år og kan passe tilfældigt.", "There are only {n} years before {time}; the mix rests on few years and may fit by chance.";
    OsWarnFewUnits => "Med {y} kommuner kan p aldrig blive mindre end {min}.", "With {y} municipalities p can never be smaller than {min}.";
    OsWarnPerfect => "{n} placebo-kommuner passede perfekt før {time} og indgår ikke i rangeringen.", "{n} placebo municipalities fitted perfectly before {time} and are not in the ranking.";
    OsWarnRows => "{n} rækker i panelet med en tom celle er udeladt.", "{n} rows of the panel with an empty cell were left out.";
    OsDefSynth => "Syntetisk kontrol", "Synthetic control";
    OsDefSynthText => "En vægtet blanding af andre kommuner (vægte fra 0 til 1, der summer til 1), valgt så den ligner kommunen mest muligt i årene før indsatsen på udfaldet i hvert år{predictors} (Abadie, Diamond og Hainmueller 2010; som R's Synth).", "A weighted mix of other municipalities (weights from 0 to 1 that sum to 1), chosen to resemble the municipality as closely as possible in the years before the intervention on the outcome in each year{predictors} (Abadie, Diamond and Hainmueller 2010; as R's Synth).";
    OsDefPredictors => " og gennemsnittet af {list}", " and the mean of {list}";
    OsDefRmspe => "RMSPE", "RMSPE";
    OsDefRmspeText => "Kvadratroden af den gennemsnitlige kvadrerede forskel mellem kommunen og dens syntetiske kontrol: hvor langt de typisk var fra hinanden.", "The square root of the mean squared difference between the municipality and its synthetic control: how far apart they typically were.";
    OsDefPlacebo => "Placebo-p-værdi", "Placebo p-value";
    OsDefPlaceboText => "Hver anden kommune behandles i tur som om den fik indsatsen, med de øvrige som pulje. Kommunernes forhold mellem RMSPE efter og før rangeres; p er andelen af kommuner med et forhold mindst lige så stort som kommunens eget.", "Each other municipality is treated in turn as if it had the intervention, the rest as its pool. The municipalities' ratios of RMSPE after to before are ranked; p is the share of municipalities with a ratio at least as large as the municipality's own.";
    // the staggered difference-in-differences (`[[effect_over_time]] design = "staggered_did"`)
    SecOverTimeStaggered => "Effekten på {outcome} i distrikter, der startede i forskellige år", "The effect on {outcome} in districts that started in different years";
    SdIntro => "Afsnittet følger {outcome} i {units} distrikter år for år fra {from} til {to}. Distrikterne begyndte med {intervention} i forskellige år, og hvert distrikt sammenlignes år for år med {comparison}: hvor meget mere eller mindre ændrede {outcome} sig, efter distriktet startede? (forskel-i-forskelle med forskudt start).", "This section follows {outcome} in {units} districts year by year from {from} to {to}. The districts began {intervention} in different years, and each district is compared year by year with {comparison}: how much more or less did {outcome} change after the district started? (difference-in-differences with staggered starts).";
    SdCompareNever => "de distrikter, der aldrig fik indsatsen", "the districts that never had it";
    SdCompareNotYet => "de distrikter, der endnu ikke var startet (eller aldrig fik indsatsen)", "the districts that had not started yet (or never had it)";
    SdLead => "Samlet set lå {outcome} {att} {direction} i distrikterne i årene efter deres start, end sammenligningen tilsiger uden {intervention} (95 % konfidensinterval {lo} til {hi}).", "Overall, {outcome} was {att} {direction} in the districts in the years after they started than the comparison suggests without {intervention} (95% confidence interval {lo} to {hi}).";
    SdLeadNoCi => "Samlet set lå {outcome} {att} {direction} i distrikterne i årene efter deres start, end sammenligningen tilsiger uden {intervention}. Usikkerheden kan ikke beregnes.", "Overall, {outcome} was {att} {direction} in the districts in the years after they started than the comparison suggests without {intervention}. The uncertainty cannot be computed.";
    SdSure => "Intervallet indeholder ikke 0, så forskellen er næppe tilfældig. Det viser dog ikke i sig selv, at det var {intervention}, der gjorde forskellen (se nedenfor).", "The interval does not contain 0, so the difference is unlikely to be chance. That alone does not show that {intervention} made the difference (see below).";
    SdUnsure => "Intervallet indeholder 0, så effekten er usikker: data viser ikke sikkert, at {intervention} ændrede {outcome}, men kan heller ikke udelukke en effekt af den størrelse, intervallet spænder over.", "The interval contains 0, so the effect is uncertain: the data do not show with any certainty that {intervention} changed {outcome}, but cannot rule out an effect of the size the interval spans either.";
    SdLeadNarrow => "Nogle startår har kun ét distrikt, så intervallet er for smalt (se nedenfor).", "Some start years have a single district, so the interval is too narrow (see below).";
    SdRiBriefRare => "Fordeles startårene tilfældigt på distrikterne, er så stor en effekt sjælden (randomiseringstest, p = {p}).", "If the start years are dealt out at random among the districts, an effect that large is rare (randomization test, p = {p}).";
    SdRiBriefCommon => "Fordeles startårene tilfældigt på distrikterne, er så stor en effekt ikke sjælden (randomiseringstest, p = {p}), så den kan være tilfældig.", "If the start years are dealt out at random among the districts, an effect that large is not rare (randomization test, p = {p}), so it may be chance.";
    SdRiDealsAll => "alle {n} mulige fordelinger", "all {n} possible deals";
    SdRiDealsSome => "{n} tilfældige af de {total} mulige fordelinger", "{n} random ones of the {total} possible deals";
    SdRi => "Fordeles startårene i stedet tilfældigt på distrikterne ({deals}), giver {share} af fordelingerne en lige så stor samlet effekt (randomiseringstest, p = {p}).", "If the start years are instead dealt out at random among the districts ({deals}), {share} of the deals give an overall effect as large (randomization test, p = {p}).";
    SdRiRare => "Så stor en effekt er sjælden, hvis indsatsen intet gjorde.", "An effect that large is rare if the intervention did nothing.";
    SdRiCommon => "Så stor en effekt kan altså godt opstå tilfældigt.", "So an effect that large can well arise by chance.";
    SdRiFew => "Med så få distrikter pr. startår (det mindste har {n}) er denne prøve mere pålidelig end intervallet, som bliver for smalt.", "With so few districts per start year (the smallest has {n}), this test is more reliable than the interval, which comes out too narrow.";
    SdPreRiOk => "Før starten: fordeles startårene tilfældigt på distrikterne, er forskellene i årene før starten lige så store i {share} af fordelingerne (randomiseringstest, p = {p}). Der er altså ingen tegn på, at distrikterne udviklede sig anderledes, før de startede.", "Before the start: if the start years are dealt out at random among the districts, the differences in the years before the start are as large in {share} of the deals (randomization test, p = {p}). So there is no sign that the districts developed differently before they started.";
    SdPreRiBad => "Før starten: forskellene i årene før starten er større end i de fleste tilfældige fordelinger af startårene på distrikterne (randomiseringstest, p = {p}). Distrikterne udviklede sig altså anderledes allerede før de startede, så skønnet over effekten er tvivlsomt.", "Before the start: the differences in the years before the start are larger than in most random deals of the start years among the districts (randomization test, p = {p}). So the districts developed differently already before they started, and the estimate of the effect is doubtful.";
    SdDefRi => "Randomiseringstest", "Randomization test";
    SdDefRiText => "Startårene fordeles på ny blandt distrikterne (hvert startår beholder sit antal distrikter) {deals}, og effekten beregnes igen for hver fordeling. p-værdien er andelen af fordelinger med en samlet effekt, der numerisk er mindst lige så stor som den fundne; for årene før starten bruges summen af de kvadrerede t-værdier for årene før starten. Testen kræver ingen standardfejl og holder sit niveau også med få distrikter, under antagelsen at startårene lige så godt kunne være faldet på andre distrikter (MacKinnon og Webb 2020). I simulationer af en kommune som denne (12 distrikter, to pr. startår, ingen forskel før starten) afviste Wald-testen af årene før starten langt oftere end 5 %, randomiseringstesten ikke.", "The start years are dealt out again among the districts (each start year keeping its number of districts) {deals}, and the effect is computed again for each deal. The p-value is the share of deals with an overall effect at least as large in absolute value as the one found; for the years before the start, the sum of the squared t-values of the years before the start is used. The test needs no standard error and keeps its level with few districts, assuming the start years could as well have fallen on other districts (MacKinnon and Webb 2020). In simulations of a municipality like this one (12 districts, two per start year, no difference before the start), the Wald test of the years before the start rejected far more often than 5 %, the randomization test did not.";
    EsDefRiText => "Startårene fordeles på ny blandt distrikterne (hvert startår beholder sit antal distrikter) {deals}, og regressionen beregnes igen for hver fordeling. p-værdien for årene før starten er andelen af fordelinger, hvis Wald-statistik for årene før starten er mindst lige så stor som den fundne. Testen kræver ingen standardfejl og holder sit niveau også med få distrikter, under antagelsen at startårene lige så godt kunne være faldet på andre distrikter (MacKinnon og Webb 2020); F-testen med klyngerobuste standardfejl afviser langt for ofte, når kun få distrikter har indsatsen.", "The start years are dealt out again among the districts (each start year keeping its number of districts) {deals}, and the regression is computed again for each deal. The p-value for the years before the start is the share of deals whose Wald statistic for the years before the start is at least as large as the one found. The test needs no standard error and keeps its level with few districts, assuming the start years could as well have fallen on other districts (MacKinnon and Webb 2020); the F test with cluster-robust standard errors rejects far too often when only a few districts have the intervention.";
    SdDefRiAll => "på alle {n} mulige måder", "in all {n} possible ways";
    SdDefRiSome => "{n} gange tilfældigt (seed {seed}) af de {total} mulige måder", "{n} times at random (seed {seed}) of the {total} possible ways";
    SdCohorts => "Distrikterne startede i {years} forskellige år: {list}.", "The districts started in {years} different years: {list}.";
    SdCohortOne => "1 distrikt i {year}", "1 district in {year}";
    SdCohortMany => "{n} distrikter i {year}", "{n} districts in {year}";
    SdNever => "{n} distrikter fik ikke {intervention} i perioden.", "{n} districts did not have {intervention} during the period.";
    SdNeverOne => "1 distrikt fik ikke {intervention} i perioden.", "1 district did not have {intervention} during the period.";
    SdNeverNone => "Alle distrikter fik {intervention} i løbet af perioden; sammenligningen bygger på de distrikter, der endnu ikke var startet.", "Every district had {intervention} at some point during the period; the comparison rests on the districts that had not started yet.";
    SdPreOk => "Før starten: i årene før deres start udviklede {outcome} sig i distrikterne som i sammenligningsdistrikterne (test af forskellene før starten: p = {p}). Der er altså ingen tegn på, at distrikterne udviklede sig anderledes, før de startede.", "Before the start: in the years before they started, {outcome} developed in the districts as in the comparison districts (test of the differences before the start: p = {p}). So there is no sign that the districts developed differently before they started.";
    SdPreBad => "Før starten: allerede i årene før deres start udviklede {outcome} sig anderledes i distrikterne end i sammenligningsdistrikterne (test af forskellene før starten: p = {p}). Distrikterne var altså forskellige, før de startede, så skønnet over effekten er tvivlsomt.", "Before the start: already in the years before they started, {outcome} developed differently in the districts than in the comparison districts (test of the differences before the start: p = {p}). So the districts differed before they started, and the estimate of the effect is doubtful.";
    SdPreFew => "Testen er dog upålidelig med så få distrikter pr. startår (det mindste har {n}): den finder for ofte forskelle, hvor der ingen er. Se derfor også årene før starten i figuren: ligger de tæt på 0 og inden for båndet, var forskellene før starten små.", "The test is unreliable with so few districts per start year, though (the smallest has {n}): it finds differences too often where there are none. So look at the years before the start in the chart as well: if they lie close to 0 and within the band, the differences before the start were small.";
    SdPreNone => "Der er ingen år før starten med en sammenligning, så det kan ikke testes, om distrikterne udviklede sig som sammenligningsdistrikterne, før de startede.", "There is no year before the start with a comparison, so whether the districts developed as the comparison districts before they started cannot be tested.";
    SdTwfe => "En enklere beregning, der sammenligner alle distrikter og år på én gang (en regression med faste effekter for distrikt og år), giver {twfe}, uden for intervallet ovenfor. Det sker, når effekten er forskellig fra startår til startår eller ændrer sig med tiden: den enkle beregning bruger også distrikter, der allerede var startet, som sammenligning for dem, der startede senere, og {negative} af {cells} distrikt-år med indsatsen tæller derfor negativt med. Skønnet ovenfor har ikke det problem og er det, der bør bruges.", "A simpler calculation that compares all districts and years at once (a regression with fixed effects for district and year) gives {twfe}, outside the interval above. This happens when the effect differs between start years or changes over time: the simple calculation also uses districts that had already started as the comparison for those that started later, so {negative} of {cells} district-years with the intervention count negatively. The estimate above does not have this problem and is the one to use.";
    SdCan => "Metoden tager højde for det, der ramte alle distrikter i samme år, og for faste forskelle mellem distrikterne. Den antager, at distrikterne med indsatsen ville have udviklet sig som sammenligningsdistrikterne uden den, og at de ikke ændrede sig allerede før starten. Den kan ikke skelne indsatsen fra andet, der skete i de samme distrikter i de samme år.", "The method allows for what hit all districts in the same year and for fixed differences between the districts. It assumes that the districts with the intervention would have developed as the comparison districts without it, and that they did not change before the start. It cannot tell the intervention apart from other things that happened in the same districts in the same years.";
    SdChartTitle => "Effekten på {outcome} år for år fra starten", "The effect on {outcome} year by year from the start";
    SdRelative => "År fra start", "Years since the start";
    SdEffectLabel => "Effekt på {outcome}", "Effect on {outcome}";
    SdCaption => "{units} distrikter ({treated} med indsatsen), {from}–{to}", "{units} districts ({treated} with the intervention), {from}–{to}";
    SdLegendBand => "Skøn med samtidigt 95 %-bånd", "Estimate with simultaneous 95% band";
    SdLegendCi => "Skøn med 95 % konfidensinterval", "Estimate with 95% confidence interval";
    SdLegendStart => "Start", "Start";
    SdColEstimate => "Skøn", "Estimate";
    SdColBand => "Samtidigt 95 %-bånd", "Simultaneous 95% band";
    SdSeriesLow => "Nedre grænse", "Lower bound";
    SdSeriesHigh => "Øvre grænse", "Upper bound";
    SdTableTitle => "Effekten på {outcome} efter år fra starten", "The effect on {outcome} by years since the start";
    SdTableNote => "År 0 er det første år med indsatsen, -1 året før. Før starten sammenlignes hvert år med året før; fra starten sammenlignes med året før starten. Det samtidige bånd dækker alle år på én gang med 95 % sikkerhed og er derfor bredere end de enkelte intervaller; årene før starten bør ligge omkring 0.", "Year 0 is the first year with the intervention, -1 the year before. Before the start each year is compared with the year before; from the start on, with the year before the start. The simultaneous band covers all years at once with 95% certainty and is therefore wider than the single intervals; the years before the start should lie around 0.";
    SdNoNever => "Alle distrikter i panelet fik {intervention} i løbet af perioden, så der er ingen distrikter uden indsatsen at sammenligne med (control = \"never\"). Brug i stedet de distrikter, der endnu ikke var startet, som sammenligning: sæt control = \"not_yet\" i planen.", "Every district in the panel had {intervention} at some point during the period, so there are no districts without it to compare with (control = \"never\"). Use the districts that had not started yet as the comparison instead: set control = \"not_yet\" in the plan.";
    SdWarnUnbalanced => "{n} distrikter mangler data for et eller flere år og er udeladt (metoden kræver alle år for hvert distrikt, som R's did).", "{n} districts lack data for one or more years and were left out (the method needs every year for each district, as R's did).";
    SdWarnFirst => "{n} distrikter startede allerede i det første år ({year}), så der er intet år før starten at sammenligne med; de er udeladt.", "{n} districts started in the first year ({year}) already, so there is no year before the start to compare with; they were left out.";
    SdWarnLate => "{n} distrikter starter først efter det sidste år i panelet ({year}) og tælles som distrikter uden indsatsen.", "{n} districts start only after the last year of the panel ({year}) and count as districts without the intervention.";
    SdWarnNoNever => "Intet distrikt er uden indsatsen i hele perioden: årene fra {year}, da de sidste distrikter startede, har ingen sammenligning og er udeladt, og distrikterne, der startede i {year}, bruges kun til sammenligning.", "No district is without the intervention for the whole period: the years from {year}, when the last districts started, have no comparison and were left out, and the districts that started in {year} serve only as a comparison.";
    SdWarnEmpty => "{n} kombinationer af startår og år har ingen sammenligningsdistrikter og er udeladt.", "{n} combinations of start year and year have no comparison districts and were left out.";
    SdWarnThin => "I {n} kombinationer af startår og år er der kun ét sammenligningsdistrikt, så usikkerheden er undervurderet dér.", "In {n} combinations of start year and year there is only one comparison district, so the uncertainty there is understated.";
    SdWarnSingleOne => "Startåret {list} har kun ét distrikt: usikkerheden er undervurderet, og intervallerne er for smalle. Med så få distrikter bør skønnene læses som beskrivende.", "Start year {list} has a single district: the uncertainty is understated and the intervals are too narrow. With so few districts, read the estimates as descriptive.";
    SdWarnSingle => "Startår {list} har kun ét distrikt hver: usikkerheden er undervurderet, og intervallerne er for smalle. Med så få distrikter bør skønnene læses som beskrivende.", "Start years {list} have a single district each: the uncertainty is understated and the intervals are too narrow. With so few districts, read the estimates as descriptive.";
    SdPreSingular => "Før starten: testen af årene før starten kan ikke beregnes, fordi der er for få distrikter i forhold til antallet af startår og år før starten (forskellene før starten hænger fuldstændig sammen). Se i stedet årene før starten i tabellen og figuren nedenfor; de bør ligge omkring 0.", "Before the start: the test of the years before the start cannot be computed because there are too few districts for the number of start years and years before the start (the differences before the start are perfectly related). See the years before the start in the table and chart below instead; they should lie around 0.";
    SdWarnOther => "Beregningen advarer (på engelsk): {text}", "The estimation warns: {text}";
    SecOverTimeEventStudy => "Effekten på {outcome} år for år fra starten (event study)", "The effect on {outcome} year by year from the start (event study)";
    EsIntro => "Afsnittet følger {outcome} i {units} distrikter år for år fra {from} til {to}. For hvert år før og efter et distrikts start med {intervention} skønnes forskellen til året {reference} i forhold til de øvrige distrikter, med faste forskelle mellem distrikterne og mellem årene trukket fra (event study med faste effekter).", "This section follows {outcome} in {units} districts year by year from {from} to {to}. For each year before and after a district's start of {intervention}, the difference from year {reference} is estimated against the other districts, with fixed differences between the districts and between the years taken out (event study with fixed effects).";
    EsLead => "I årene fra starten lå {outcome} i gennemsnit {att} {direction} i distrikterne med {intervention} end ud fra sammenligningen (95 % konfidensinterval {lo} til {hi}).", "In the years from the start, {outcome} was on average {att} {direction} in the districts with {intervention} than the comparison suggests (95% confidence interval {lo} to {hi}).";
    EsNoPost => "Der er ingen år efter starten at skønne en effekt for.", "There are no years after the start to estimate an effect for.";
    EsPreNone => "Der er ingen år før starten ud over referenceåret, så det kan ikke testes, om distrikterne udviklede sig ens før.", "There are no years before the start besides the reference year, so whether the districts developed alike before cannot be tested.";
    EsCan => "En event study med faste effekter forudsætter, at effekten er den samme for distrikter, der startede i forskellige år. Er den ikke det, blander skønnene for de enkelte år effekter fra andre år (Sun og Abraham 2021); forskel-i-forskelle med forskudt start (design = \"staggered_did\") har ikke det problem.", "An event study with fixed effects assumes that the effect is the same for districts that started in different years. If it is not, the estimate for each year mixes in effects from other years (Sun and Abraham 2021); difference-in-differences with staggered starts (design = \"staggered_did\") does not have this problem.";
    EsLegendRef => "Referenceår (fastsat til 0)", "Reference year (fixed at 0)";
    EsColRows => "Distrikt-år", "District-years";
    EsTableNote => "Forskel til året {reference} fra start (fastsat til 0). {pooled}Konfidensintervallerne bygger på klyngerobuste standardfejl (klynger: distrikter) med {df} frihedsgrader.", "Difference from year {reference} since the start (fixed at 0). {pooled}The confidence intervals rest on cluster-robust standard errors (clusters: districts) with {df} degrees of freedom.";
    EsPooled => "Ender markeret ≤ og ≥ samler alle år derunder og derover. ", "Ends marked ≤ and ≥ pool every year below and above. ";
    EsWarnClusters => "Der er kun {n} distrikter: standardfejl, der tager højde for, at målingerne i et distrikt hænger sammen, er upålidelige med færre end omkring 30, så læs intervallerne med forsigtighed.", "There are only {n} districts: standard errors that allow for the measurements within a district being related are unreliable with fewer than about 30, so read the intervals with care.";
    EsDef => "Event study med faste effekter", "Event study with fixed effects";
    EsDefText => "En regression af udfaldet på faste effekter for distrikt og år og en indikator for hvert år fra start (undtagen referenceåret); standardfejl klyngerobuste efter distrikt (CR1, som statsmodels og Stata). Testen af årene før starten er en fælles Wald-test af deres koefficienter (F-fordelingen med antal klynger − 1 frihedsgrader). Borusyak, Jaravel og Spiess (2024); Sun og Abraham (2021).", "A regression of the outcome on fixed effects for district and year and an indicator for each year since the start (except the reference year); standard errors cluster-robust by district (CR1, as statsmodels and Stata). The test of the years before the start is a joint Wald test of their coefficients (the F distribution with clusters − 1 degrees of freedom). Borusyak, Jaravel and Spiess (2024); Sun and Abraham (2021).";
    SdDefDid => "Forskel-i-forskelle med forskudt start", "Difference-in-differences with staggered starts";
    SdDefDidText => "For hver gruppe af distrikter, der startede i samme år, og hvert år sammenlignes ændringen siden året før starten med den samme ændring i sammenligningsdistrikterne (effekten for startår og år, ATT(g,t)). Effekterne lægges sammen vægtet med gruppernes størrelse: samlet over alle år efter starten og efter år fra start. Callaway og Sant'Anna (2021), som R's did (att_gt og aggte) og Pythons csdid uden kovariater; standardfejl fra influensfunktionen.", "For each group of districts that started in the same year, and each year, the change since the year before the start is compared with the same change in the comparison districts (the effect for start year and year, ATT(g,t)). The effects are combined weighted by the groups' sizes: overall over every year after the start, and by years since the start. Callaway and Sant'Anna (2021), as R's did (att_gt and aggte) and Python's csdid without covariates; standard errors from the influence function.";
    SdDefPretest => "Test af årene før starten", "Test of the years before the start";
    SdDefPretestText => "En Wald-test af, at alle effekter i årene før starten er 0 (χ²-fordelingen med én frihedsgrad pr. startår og år), som did's pretest. En lille p-værdi (under 0,05) betyder, at distrikterne udviklede sig anderledes allerede før starten.", "A Wald test that every effect in the years before the start is 0 (the χ² distribution with one degree of freedom per start year and year), as did's pre-test. A small p-value (below 0.05) means that the districts developed differently already before the start.";
    SdDefBand => "Samtidigt bånd", "Simultaneous band";
    SdDefBandText => "Et bånd, der dækker effekterne for alle år fra start på én gang med 95 % sikkerhed, fra en multiplikator-bootstrap (Rademacher-vægte, {replicates} gentagelser, seed {seed}) som did's mboot.", "A band that covers the effects of all years since the start at once with 95% certainty, from a multiplier bootstrap (Rademacher weights, {replicates} replicates, seed {seed}) as did's mboot.";
    SdDefTwfe => "Regression med faste effekter (TWFE)", "Two-way fixed effects (TWFE)";
    SdDefTwfeText => "Den almindelige regression af udfaldet på distrikt, år og en indikator for indsatsen. Når effekten varierer mellem startår eller over tid, kan den give et skævt skøn (de Chaisemartin og D'Haultfœuille 2020); den vises kun til sammenligning.", "The usual regression of the outcome on district, year and an indicator of the intervention. When the effect varies between start years or over time it can give a distorted estimate (de Chaisemartin and D'Haultfœuille 2020); it is shown for comparison only.";
    // placements
    SecPlacements => "Anbringelser og trappen", "Placements and the staircase";
    PlIntro => "Afsnittet følger hvert anbringelsesforløb fra start til slut: hvor længe det varer, hvordan det slutter, og hvor mange der træder ned ad trappen. Et forløb er sammenhængende anbringelser af samme barn (også flytninger mellem plejefamilie og institution); forløb, der stadig er i gang {date}, tælles med, så længe de er fulgt.", "This section follows each placement from start to end: how long it lasts, how it ends, and how many move down the staircase. A placement is one child's continuous out-of-home care (including moves between foster care and institutions); placements still running on {date} count for as long as they have been followed.";
    PlLead => "{n} anbringelsesforløb er startet siden {start}, og {ongoing} er i gang. Efter 12 måneder var {home} hjemgivet og {down} trådt ned ad trappen (kumulativ incidens, der tager højde for forløb, der endnu ikke er slut).", "{n} placements have started since {start}, and {ongoing} are still running. After 12 months {home} had returned home and {down} had moved down the staircase (cumulative incidence, which accounts for placements not yet ended).";
    PlBreakdown => "Sammenbrud inden for 12 måneder: {list} (kumulativ incidens; efter et sammenbrud fortsætter anbringelsen oftest et andet sted).", "Breakdowns within 12 months: {list} (cumulative incidence; after a breakdown the placement usually continues elsewhere).";
    PlBreakdownItem => "{share} af ophold i {level}", "{share} of stays in {level}";
    PlLengthTitle => "Hvor længe anbringelser varer, efter første anbringelsestype", "How long placements last, by first type of placement";
    PlColPlacements => "Forløb", "Placements";
    PlColEnded => "Afsluttet", "Ended";
    PlColMedian => "Median (måneder)", "Median (months)";
    PlColMedianCi => "95 %-konfidensinterval", "95% confidence interval";
    PlLengthNote => "Kaplan–Meier: forløb, der stadig er i gang, tælles med så længe de er fulgt. Medianen er den tid, hvor halvdelen er afsluttet; »–« betyder, at færre end halvdelen er afsluttet, eller at grænsen ikke kan beregnes.", "Kaplan–Meier: placements still running count for as long as they have been followed. The median is the time by which half have ended; \"–\" means fewer than half have ended, or that the limit cannot be estimated.";
    PlLengthChartTitle => "Andel stadig anbragt efter måneder, efter første anbringelsestype", "Share still placed by months, by first type of placement";
    PlLengthChartY => "Stadig anbragt (%)", "Still placed (%)";
    PlLengthChartCaption => "Kaplan–Meier-kurver for anbringelsens længde (for typer med mindst {min} forløb). Tabellen under viser, hvor mange der stadig var fulgt (i risiko) ved 0, 12, 24 og 36 måneder. n = {n} forløb.", "Kaplan–Meier curves of the length of placements (for types with at least {min} placements). The table below shows how many were still followed (at risk) at 0, 12, 24 and 36 months. n = {n} placements.";
    PlAtRiskTitle => "Antal i risiko", "Numbers at risk";
    PlProgramme => "Børn i {intervention} trådte ned ad trappen fra de forebyggende trin {ratio} så hurtigt som andre børn på samme trin med samme risiko (hazard ratio {hr}, 95 %-konfidensinterval {lo} til {hi}; Cox-model med deltagelse regnet fra hvert barns start i indsatsen, {n} forløb). {sure}", "Children in {intervention} moved down the staircase from the preventive steps {ratio} as fast as other children on the same step with the same risk (hazard ratio {hr}, 95% confidence interval {lo} to {hi}; Cox model with participation counted from each child's start in the intervention, {n} stays). {sure}";
    PlSureRatio => "Intervallet indeholder ikke 1, så forskellen er næppe tilfældig.", "The interval does not include 1, so the difference is unlikely to be chance.";
    PlUnsureRatio => "Intervallet indeholder 1: data kan ikke udelukke, at der ingen forskel er.", "The interval includes 1: the data cannot rule out that there is no difference.";
    PlProgrammeTimes => "{x} gange", "{x} times";
    PlMovesTitle => "Flytninger mellem trin", "Moves between steps";
    PlMovesX => "Til", "To";
    PlMovesY => "Fra", "From";
    PlMovesEnded => "Afsluttet", "Ended";
    PlMovesCaption => "Antal ophold på hvert trin (rækker), der sluttede med et skift til et andet trin eller med at indsatsen sluttede (kolonner); ophold, der stadig er i gang, tælles ikke. Felter under {t} er skjult (–). n = {n} skift.", "Number of stays on each step (rows) that ended with a move to another step or with the measures ending (columns); stays still running are not counted. Cells under {t} are hidden (–). n = {n} moves.";
    PlExitsTitle => "Hvordan anbringelser slutter: andel efter måneder", "How placements end: share by months";
    PlColExit => "Afslutning", "Exit";
    PlColMonths => "{months} mdr.", "{months} months";
    PlExitsNote => "Kumulativ incidens (Aalen–Johansen): andelen, der er sluttet på denne måde inden for tiden, når forløb, der stadig er i gang, tælles med så længe de er fulgt. 95 %-konfidensinterval i parentes.", "Cumulative incidence (Aalen–Johansen): the share ended this way within the time, counting placements still running for as long as they have been followed. 95% confidence interval in brackets.";
    PlExitsChartTitle => "Hvordan anbringelser slutter over tid", "How placements end over time";
    PlExitsChartX => "Måneder efter start", "Months after the start";
    PlExitsChartY => "Andel af anbringelser (%)", "Share of placements (%)";
    PlExitsChartCaption => "Kumulativ incidens af hver afslutning efter 6 til 36 måneder, stablet; resten er stadig anbragt. n = {n} forløb.", "Cumulative incidence of each exit after 6 to 36 months, stacked; the rest are still placed. n = {n} placements.";
    PlStillPlaced => "Stadig anbragt", "Still placed";
    PlStepDownTitle => "Træder ned ad trappen inden for 12 måneder, pr. trin", "Moving down the staircase within 12 months, by step";
    PlColLevel => "Trin", "Step";
    PlColSpells => "Forløb", "Stays";
    PlColEligible => "Fulgt i 12 mdr.", "Followed 12 months";
    PlColCrude => "Trådt ned (andel)", "Stepped down (share)";
    PlColCif => "Trådt ned (kumulativ incidens)", "Stepped down (cumulative incidence)";
    PlStepDownNote => "Andelen er den, dokumenterne plejer at angive: trådt ned inden 12 måneder blandt forløb, der startede mindst 12 måneder før dataudtrækket. Den kumulative incidens bruger alle forløb og tager højde for, at nogle endnu ikke er slut.", "The share is the one the documents usually quote: stepped down within 12 months among stays that started at least 12 months before the extract. The cumulative incidence uses every stay and accounts for those not yet ended.";
    PlMixLead => "{date} var {n} børn anbragt, {residential} af dem på opholdssted eller døgninstitution mod et mål på højst {target}: {gap}.", "On {date}, {n} children were placed, {residential} of them in residential care against a target of at most {target}: {gap}.";
    PlMixOver => "{points} procentpoint over målet", "{points} percentage points above the target";
    PlMixUnder => "{points} procentpoint under målet", "{points} percentage points below the target";
    PlMixTitle => "Anbragte børn efter anbringelsestype {date}", "Placed children by type of placement on {date}";
    PlColType => "Anbringelsestype", "Type of placement";
    PlColChildren => "Børn", "Children";
    PlColShare => "Andel", "Share";
    // in brief
    KfPersons => "Pr. {date} modtog {n} børn og unge en indsats på indsatstrappen.",
        "On {date}, {n} children and young people received a measure on the staircase.";
    KfPersonsCompare => "Pr. {date} modtog {n} børn og unge en indsats på indsatstrappen, mod {prev} pr. {prev_date}.",
        "On {date}, {n} children and young people received a measure on the staircase, against {prev} on {prev_date}.";
    KfPlaced => "{placed} af dem var anbragt uden for hjemmet: {family_share} i {family_levels} og {res_share} i {res_levels}.",
        "{placed} of them were placed out of home: {family_share} in {family_levels} and {res_share} in {res_levels}.";
    KfPlacedCompare => "Et år tidligere var andelen i {res_levels} {prev_share}.",
        "A year earlier, the share in {res_levels} was {prev_share}.";
    KfPlacedHidden => "{placed} af dem var anbragt uden for hjemmet; fordelingen på anbringelsesformer vises ikke, fordi der er for få personer.",
        "{placed} of them were placed out of home; the split by type of placement is not shown, as there are too few persons.";
    KfNoPlaced => "Ingen af dem var anbragt uden for hjemmet.", "None of them were placed out of home.";
    KfFlow => "I {period} blev {starts} indsatser påbegyndt og {ends} afsluttet.",
        "In {period}, {starts} measures started and {ends} ended.";
    KfSpending => "Udgifterne var {amount} i {period}, mod {prev_amount} i {prev_period} ({change}).",
        "Spending was {amount} in {period}, against {prev_amount} in {prev_period} ({change}).";
    KfSpendingOnly => "Udgifterne var {amount} i {period}.", "Spending was {amount} in {period}.";
    KfSourceEpisodes => "Udgifterne er beregnet ud fra indsatsernes takster, da data ikke har et udgiftsregnskab.",
        "Spending is estimated from the measures' rates, as the data hold no cost ledger.";
    KfNoData => "Data har ingen indsatser før datoudtrækket, så rapporten viser kun datagrundlaget.",
        "The data hold no measures before the cut-off, so the report shows only the data.";

    // the staircase
    StaircaseIntro => "Tabellen viser, hvor mange børn og unge der modtog en indsats på hvert trin af indsatstrappen den 31. december hvert år ({year}: pr. {date}, datoudtrækket). Hver person tælles én gang, på det højeste trin, personen var på den dag.",
        "The table shows how many children and young people received a measure on each step of the staircase on 31 December each year ({year}: on {date}, the cut-off). Each person is counted once, on the highest step they were on that day.";
    TblStaircase => "Børn og unge på hvert trin pr. 31. december", "Children and young people on each step on 31 December";
    ColDuringYear => "I løbet af året", "During the year";
    NoteDuringYear => "»I løbet af året« er antal forskellige personer med en indsats på et tidspunkt i året.",
        "'During the year' is the number of different persons with a measure at some time in the year.";
    NoteCountingDate => "Opgjort pr. 31. december; {year} pr. {date}.", "Counted on 31 December; {year} on {date}.";
    ChartStaircaseTitle => "Børn og unge på indsatstrappen, fordelt på trin", "Children and young people on the staircase, by step";
    ChartStaircaseX => "År (opgjort pr. 31. december)", "Year (counted on 31 December)";
    ChartStaircaseY => "Antal børn og unge", "Number of children and young people";
    ChartStaircaseCaption => "Hver søjle er ét år, opgjort pr. 31. december ({year}: pr. {date}). n = {n} børn og unge pr. {date}. Den hvide del øverst i en søjle er børn og unge på trin, hvor tallet er skjult af hensyn til diskretion.",
        "Each bar is one year, counted on 31 December ({year}: on {date}). n = {n} children and young people on {date}. The white part at the top of a bar is children and young people on steps whose numbers are hidden for confidentiality.";
    HiddenPart => "Skjult af hensyn til diskretion", "Hidden for confidentiality";
    TblPlacements => "Anbringelser: familiebaserede og døgnanbringelser", "Placements: family-based and residential";
    ColPlaced => "Anbragte i alt", "Placed, total";
    ColFamily => "Familiebaserede m.v.", "Family-based etc.";
    ColResidential => "Døgnanbragte", "Residential";
    ColFamilyShare => "Andel familiebaserede m.v.", "Share family-based etc.";
    ColResidentialShare => "Andel døgn", "Share residential";
    NotePlacements => "Familiebaserede m.v.: {family_levels}. Døgn: {res_levels}.",
        "Family-based etc.: {family_levels}. Residential: {res_levels}.";

    // starts and ends
    FlowIntro => "Her ses, hvor mange indsatser der blev påbegyndt og afsluttet hvert år, og hvorfor de sluttede. Et barn kan have flere indsatser.",
        "How many measures started and ended each year, and why they ended. A child may have several measures.";
    ChartFlowTitle => "Påbegyndte og afsluttede indsatser pr. år", "Measures started and ended per year";
    ChartFlowX => "År", "Year";
    ChartFlowY => "Antal indsatser", "Number of measures";
    ChartFlowCaption => "To søjler pr. år: påbegyndte og afsluttede indsatser. n = {starts} påbegyndte og {ends} afsluttede indsatser i alt. Tal under {t} er vist som <{t}.",
        "Two bars per year: measures started and ended. n = {starts} measures started and {ends} ended in all. Numbers under {t} are shown as <{t}.";
    TblStarts => "Påbegyndte indsatser pr. år, fordelt på trin", "Measures started per year, by step";
    TblEnds => "Afsluttede indsatser pr. år, fordelt på årsag", "Measures ended per year, by reason";
    ColStarts => "Påbegyndt", "Started";
    ColEnds => "Afsluttet", "Ended";
    NoteEnds => "Slutdatoer efter datoudtrækket er planlagte og tælles ikke som afslutninger.",
        "End dates after the cut-off are planned ends and are not counted as ends.";
    ReasonHome => "Hjemgivet eller afsluttet", "Returned home or ended";
    ReasonStepDown => "Trappet ned", "Stepped down";
    ReasonStepUp => "Trappet op", "Stepped up";
    ReasonBreakdown => "Sammenbrud", "Breakdown";
    ReasonMoved => "Fraflyttet kommunen", "Moved away";
    ReasonAgedOut => "Aldersgrænse nået", "Aged out";
    ReasonOther => "Anden årsag", "Other reason";
    ReasonUnrecorded => "Ikke registreret", "Not recorded";

    // spending
    SpendingIntroLedger => "Udgifterne er taget fra kommunens udgiftsregnskab, som det er bogført pr. måned.",
        "Spending is taken from the municipality's cost ledger, as booked per month.";
    SpendingIntroEpisodes => "Data har ikke et udgiftsregnskab, så udgifterne er beregnet ud fra indsatsernes takster: dagstakst gange antal dage, indsatsen var aktiv i måneden, eller månedstakst forholdsmæssigt.",
        "The data hold no cost ledger, so spending is estimated from the measures' rates: the daily rate times the days the measure was active in the month, or the monthly rate pro rata.";
    TblSpendingYear => "Udgifter pr. år, fordelt på indsats", "Spending per year, by measure";
    TblCasesYear => "Børn og unge pr. år, fordelt på indsats", "Children and young people per year, by measure";
    NoteCases => "Antal forskellige personer, der havde indsatsen på et tidspunkt i året. En person med flere indsatser tælles under hver af dem, men kun én gang i »I alt«.",
        "Number of different persons who had the measure at some time in the year. A person with several measures counts under each, but once in 'Total'.";
    TblSpendingMonth => "Udgifter pr. måned, de seneste {n} måneder", "Spending per month, the last {n} months";
    ChartSpendingTitle => "Udgifter pr. måned til de største indsatser", "Monthly spending on the largest measures";
    ChartSpendingX => "Måned", "Month";
    ChartSpendingY => "Udgift pr. måned ({unit})", "Spending per month ({unit})";
    ChartSpendingCaption => "De {k} indsatser med de største udgifter fra {from} til {to}; øvrige indsatser er lagt sammen. n = {n} børn og unge med en indsats i {year}.",
        "The {k} measures with the largest spending from {from} to {to}; other measures are added together. n = {n} children and young people with a measure in {year}.";
    ChartSpendingCaptionAll => "Alle {k} indsatser fra {from} til {to}. n = {n} børn og unge med en indsats i {year}.",
        "All {k} measures from {from} to {to}. n = {n} children and young people with a measure in {year}.";
    OtherMeasures => "Øvrige indsatser", "Other measures";
    UnitMillion => "mio. kr.", "DKK million";
    UnitThousand => "1.000 kr.", "DKK thousand";
    UnitKroner => "kr.", "DKK";
    NotePartialYear => "{year} omfatter {period}.", "{year} covers {period}.";
    NoSpending => "Der er ingen udgifter eller takster i data.", "The data hold no spending and no rates.";

    // suppression marks
    NoteSmall => "<{t}: færre end {t} personer; tallet vises ikke af hensyn til diskretion.",
        "<{t}: fewer than {t} persons; the number is not shown, for confidentiality.";
    NoteSecondary => "x: skjult, så et tal under {t} ikke kan regnes ud fra de øvrige tal.",
        "x: hidden so that a number under {t} cannot be worked out from the others.";
    NoteShareHidden => "Andele vises ikke, når et af tallene bag dem er skjult.",
        "Shares are not shown when a number behind them is hidden.";
    NoteFewPersons => "*: beløbet vedrører færre end {t} personer.", "*: the amount concerns fewer than {t} persons.";

    // data and data quality
    DataIntro => "Alle rækker, der ikke kunne bruges, er talt med her sammen med årsagen. Intet er udeladt i stilhed.",
        "Every row that could not be used is counted here with the reason. Nothing is left out silently.";
    DataNoLoad => "Der er ingen oplysninger om indlæsningen; tabellen viser de rækker, der er brugt.",
        "There is no record of how the data were read; the table shows the rows used.";
    DataClean => "Der blev ikke fundet problemer i data.", "No problems were found in the data.";
    TblRows => "Rækker pr. tabel", "Rows per table";
    TblProblems => "Fundne problemer", "Problems found";
    TblExamples => "De første eksempler", "First examples";
    NoteExamples => "Højst {k} eksempler pr. problem og tabel; række 1 er overskriften.",
        "At most {k} examples per problem and table; row 1 is the header.";
    NoteRecordCounts => "Tallene her er rækker i filerne, ikke opgørelser af personer, og er derfor ikke skjult.",
        "The numbers here count rows in the files, not persons, and are therefore not hidden.";
    DataNotes => "Bemærkninger til beregningerne:", "Notes on the calculations:";
    DataReadNotes => "Bemærkninger fra indlæsningen:", "Notes from reading the data:";
    ColTable => "Tabel", "Table";
    ColFile => "Fil", "File";
    ColRead => "Læst", "Read";
    ColUsed => "Brugt", "Used";
    ColExcluded => "Udeladt", "Left out";
    ColProblem => "Problem", "Problem";
    ColFound => "Fundet", "Found";
    ColRowsExcluded => "Heraf rækker udeladt", "Rows left out";
    ColRow => "Række", "Row";
    ColColumn => "Kolonne", "Column";
    ColValue => "Værdi", "Value";
    ColExpected => "Forventet", "Expected";
    TablePersons => "Personer", "Persons";
    TableEpisodes => "Indsatser (forløb)", "Measures (episodes)";
    TableAssessments => "Målinger", "Assessments";
    TableCosts => "Udgiftsregnskab", "Cost ledger";
    TableOutcomes => "Udfald", "Outcomes";
    IssueMissingColumn => "Manglende kolonne", "Missing column";
    IssueUnparseable => "Værdi kan ikke læses", "Value cannot be read";
    IssueMissingValue => "Manglende værdi", "Missing value";
    IssueEndBeforeStart => "Slutdato før startdato", "End date before start date";
    IssueOverlapping => "Overlappende anbringelser", "Overlapping placements";
    IssueDuplicateId => "Dubleret id", "Duplicate id";
    IssueUnknownPerson => "Ukendt person", "Unknown person";
    IssueFutureDate => "Dato efter datoudtrækket", "Date after the cut-off";
    IssueNegativeCost => "Negativt beløb", "Negative amount";
    IssueUnknownMeasure => "Ukendt indsats", "Unknown measure";
    IssueUnknownLevel => "Ukendt trin", "Unknown step";
    IssueItemOutOfRange => "Svar uden for skalaen", "Answer out of range";
    IssueUnknownCode => "Ukendt kode", "Unknown code";

    // notes and warnings on the calculations
    NoteAfterCutoff => "{n} indsatser starter efter datoudtrækket og er ikke talt med.",
        "{n} measures start after the cut-off and are not counted.";
    NoteUnknownLevel => "{n} indsatser har et trin, som indsatstrappen ikke kender, og er ikke talt med på trappen.",
        "{n} measures have a step the staircase does not know and are not counted on the staircase.";
    NoteEndingAfterCutoff => "{n} indsatser har en slutdato efter datoudtrækket og er talt som igangværende.",
        "{n} measures have an end date after the cut-off and are counted as ongoing.";
    NoteWithoutRate => "{n} indsatser har hverken dags- eller månedstakst og indgår ikke i udgifterne.",
        "{n} measures have neither a daily nor a monthly rate and add nothing to spending.";
    NoteLedgerAfter => "{n} posteringer på i alt {amount} er bogført efter datoudtrækket og er ikke talt med.",
        "{n} ledger lines of {amount} in all are booked after the cut-off and are not counted.";
    NoteUnknownMeasures => "Indsatser, som indsatstrappen ikke kender, vises under deres eget navn: {names}.",
        "Measures the staircase does not know are shown under their own name: {names}.";
    WarnEpisodesSource => "Udgiftsregnskabet har ingen rækker; udgifterne er beregnet ud fra indsatsernes takster.",
        "The cost ledger has no rows; spending is estimated from the measures' rates.";
    WarnPartialYear => "{year} er ikke et helt år: data går til og med {date}.",
        "{year} is not a full year: the data run up to {date}.";
    WarnProblems => "Problemer registreret i data: {n}. Se afsnittet »Datagrundlag og datakvalitet«.",
        "Problems recorded in the data: {n}. See the section 'Data and data quality'.";
    WarnNoEpisodes => "Data har ingen indsatser før datoudtrækket.", "The data hold no measures before the cut-off.";
    WarningsHeading => "Vær opmærksom på", "Please note";

    // methods and definitions
    MethodIntro => "Sådan er tallene i rapporten lavet.", "How the numbers in the report are made.";
    DefCountingDateTerm => "Opgørelsesdato", "Counting date";
    DefCountingDate => "31. december hvert år; i det seneste år datoudtrækket ({date}). En indsats er aktiv fra startdatoen til og med slutdatoen; en igangværende indsats er aktiv til datoudtrækket.",
        "31 December each year; in the latest year the cut-off ({date}). A measure is active from its start date up to and including its end date; an ongoing measure is active until the cut-off.";
    DefHighestTerm => "Højeste trin", "Highest step";
    DefHighest => "Et barn med flere indsatser samme dag tælles én gang, på det mest indgribende trin.",
        "A child with several measures on the same day is counted once, on the most intrusive step.";
    DefDuringYearTerm => "I løbet af året", "During the year";
    DefDuringYear => "Forskellige personer med mindst én aktiv indsats på et tidspunkt i året.",
        "Different persons with at least one active measure at some time in the year.";
    DefFlowTerm => "Påbegyndt og afsluttet", "Started and ended";
    DefFlow => "En indsats er påbegyndt i det år, startdatoen ligger i, og afsluttet i det år, slutdatoen ligger i. Slutdatoer efter datoudtrækket tælles ikke.",
        "A measure started in the year of its start date and ended in the year of its end date. End dates after the cut-off are not counted.";
    DefPlacementTerm => "Anbringelse og døgn", "Placement and residential";
    DefPlacement => "Anbragt er den, hvis højeste trin er et anbringelsestrin ({placement_levels}). Døgn er {res_levels}; familiebaserede m.v. er de øvrige anbringelsestrin.",
        "Placed means the highest step is a placement step ({placement_levels}). Residential is {res_levels}; family-based etc. are the other placement steps.";
    DefCostTerm => "Udgifter", "Spending";
    DefCostLedger => "Fra udgiftsregnskabet: summen af posteringerne pr. måned og indsats (tilbagebetalinger trukket fra). Posteringer efter datoudtrækket er ikke med.",
        "From the cost ledger: the sum of the lines per month and measure (refunds subtracted). Lines after the cut-off are left out.";
    DefCostEpisodes => "Beregnet ud fra takster: dagstakst gange antal aktive dage i måneden, ellers månedstakst gange andelen af månedens dage, indsatsen var aktiv.",
        "Estimated from rates: the daily rate times the active days in the month, else the monthly rate times the share of the month's days the measure was active.";
    DefBaselineTerm => "Baseline og opfølgning", "Baseline and follow-up";
    DefBaseline => "Baseline er den seneste måling fra {before} dage før til {after} dage efter starten af personens første indsats. En opfølgning er målingen nærmest start + {windows} måneder, højst {tolerance} måneder før eller efter. Ændringen er opfølgning minus baseline for den samme person; gennemsnittet har et 95 % konfidensinterval fra den parrede t-test.", "The baseline is the last assessment from {before} days before to {after} days after the start of the person's first measure. A follow-up is the assessment nearest to start + {windows} months, at most {tolerance} months either side. The change is follow-up minus baseline for the same person; its mean has a 95% confidence interval from the paired t-test.";
    DefReliableTerm => "Pålidelig ændring", "Reliable change";
    DefReliable => "En ændring er pålidelig, når den er større end måleusikkerheden: for SDQ-delskalaer og ORS en fast tærskel i point efter instrumentets regel, ellers Jacobson og Truax' indeks (1,96 · √2 · SD · √(1 − reliabilitet)). Bedre eller værre afhænger af, om et højt tal er godt.", "A change is reliable when it exceeds the measurement error: for SDQ subscales and ORS a fixed threshold in points by the instrument's rule, otherwise Jacobson and Truax's index (1.96 · √2 · SD · √(1 − reliability)). Better or worse depends on whether a high score is good.";
    DefAttritionTerm => "Frafald", "Attrition";
    DefAttrition => "Personer med baseline, men uden opfølgning, tælles som tabt. Deres baseline-score sammenlignes med dem, der blev fulgt op (Welchs t-test), så man kan se, om de fulgte er repræsentative.", "Persons with a baseline but no follow-up are counted as lost. Their baseline score is compared with those followed up (Welch's t-test), to show whether those followed are representative.";
    DefCasesTerm => "Aktive sager", "Active cases";
    DefCases => "Forskellige personer med indsatsen aktiv mindst én dag i perioden (med udgiftsregnskab også personer, som regnskabet nævner).",
        "Different persons with the measure active on at least one day of the period (with a cost ledger, also persons the ledger names).";
    DefSuppressionTerm => "Diskretion", "Confidentiality";
    DefSuppression => "Antal personer og indsatser fra 1 til {t1} vises som <{t}; 0 vises som 0, som hos Danmarks Statistik. Hvor tal summerer til en total, skjules yderligere tal (vist som x), så de skjulte tal ikke kan regnes ud. Andele skjules, når et tal bag dem er skjult. Beløb vises altid, men markeres med *, når de vedrører færre end {t} personer.",
        "Numbers of persons and measures from 1 to {t1} are shown as <{t}; 0 is shown as 0, as Statistics Denmark does. Where numbers add up to a total, further numbers are hidden (shown as x) so that the hidden ones cannot be worked out. Shares are hidden when a number behind them is hidden. Amounts are always shown, but marked with * when they concern fewer than {t} persons.";
    TblLevels => "Indsatstrappens trin", "Steps of the staircase";
    TblMeasures => "Indsatser på trappen", "Measures on the staircase";
    ColRank => "Trin nr.", "Step no.";
    ColName => "Navn", "Name";
    ColCode => "Kode", "Code";
    ColPlacementFlag => "Anbringelse", "Placement";
    ColResidentialFlag => "Døgn", "Residential";
    ColLevel => "Trin", "Step";
    ColLegal => "Lovgrundlag", "Legal basis";
    AboutCutoff => "Datoudtræk: {date}.", "Data cut-off: {date}.";
    AboutSoftware => "Udarbejdet med {software}.", "Made with {software}.";
    AboutSoftwareBy => "Udarbejdet af {by} med {software}.", "Made by {by} with {software}.";
}

/// Fills `{name}` placeholders.
pub(crate) fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Full month names.
pub(crate) fn month_name(month: u32, lang: Lang) -> &'static str {
    const DA: [&str; 12] = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
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
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Da => DA[i],
        Lang::En => EN[i],
    }
}

/// Short month names for axes and column heads.
pub(crate) fn month_abbr(month: u32, lang: Lang) -> &'static str {
    const DA: [&str; 12] = [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Da => DA[i],
        Lang::En => EN[i],
    }
}

pub(crate) fn end_reason(r: Option<EndReason>) -> Key {
    match r {
        Some(EndReason::Home) => Key::ReasonHome,
        Some(EndReason::StepDown) => Key::ReasonStepDown,
        Some(EndReason::StepUp) => Key::ReasonStepUp,
        Some(EndReason::Breakdown) => Key::ReasonBreakdown,
        Some(EndReason::Moved) => Key::ReasonMoved,
        Some(EndReason::AgedOut) => Key::ReasonAgedOut,
        Some(EndReason::Other) => Key::ReasonOther,
        None => Key::ReasonUnrecorded,
    }
}

pub(crate) fn table_kind(t: TableKind) -> Key {
    match t {
        TableKind::Persons => Key::TablePersons,
        TableKind::Episodes => Key::TableEpisodes,
        TableKind::Assessments => Key::TableAssessments,
        TableKind::Costs => Key::TableCosts,
        TableKind::Outcomes => Key::TableOutcomes,
    }
}

pub(crate) fn issue_kind(k: IssueKind) -> Key {
    match k {
        IssueKind::MissingColumn => Key::IssueMissingColumn,
        IssueKind::Unparseable => Key::IssueUnparseable,
        IssueKind::MissingValue => Key::IssueMissingValue,
        IssueKind::EndBeforeStart => Key::IssueEndBeforeStart,
        IssueKind::OverlappingEpisodes => Key::IssueOverlapping,
        IssueKind::DuplicateId => Key::IssueDuplicateId,
        IssueKind::UnknownPerson => Key::IssueUnknownPerson,
        IssueKind::FutureDate => Key::IssueFutureDate,
        IssueKind::NegativeCost => Key::IssueNegativeCost,
        IssueKind::UnknownMeasure => Key::IssueUnknownMeasure,
        IssueKind::UnknownLevel => Key::IssueUnknownLevel,
        IssueKind::ItemOutOfRange => Key::IssueItemOutOfRange,
        IssueKind::UnknownCode => Key::IssueUnknownCode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(i) = rest.find('{') {
            let Some(j) = rest[i..].find('}') else { break };
            out.insert(rest[i + 1..i + j].to_string());
            rest = &rest[i + j + 1..];
        }
        out
    }

    #[test]
    fn every_key_has_danish_and_english_text_with_the_same_placeholders() {
        for &k in Key::ALL {
            let (da, en) = (k.get(Lang::Da), k.get(Lang::En));
            assert!(
                !da.trim().is_empty() && !en.trim().is_empty(),
                "{k:?} is empty in one language"
            );
            assert_eq!(
                placeholders(da),
                placeholders(en),
                "{k:?}: placeholders differ\n da: {da}\n en: {en}"
            );
        }
    }

    #[test]
    fn every_issue_kind_and_end_reason_has_a_label() {
        for k in IssueKind::ALL {
            assert!(!issue_kind(k).get(Lang::Da).is_empty());
        }
        for r in EndReason::ALL {
            assert_ne!(end_reason(Some(r)), Key::ReasonUnrecorded);
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill("{a} og {b}, {a}", &[("a", "1".into()), ("b", "2".into())]),
            "1 og 2, 1"
        );
    }
}
