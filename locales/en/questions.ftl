# English. Questions the leadership types: the words they are read with, and what the answer says first.

## Period words in a question (read by the bot, never shown). Comma-separated; an entry may have several words.
## Month names come from the shared tables (Intl), not from here.
question-words-year = year
question-words-quarter = quarter, qtr
question-words-month = month, months
question-words-first = first
question-words-until = to, through, thru, till, until, between
question-words-and = and
question-words-year-to-date = year to date, ytd, since the start of the year, since the beginning of the year, since the start, since the beginning, so far this year, this year, for the year
question-words-last-year = last year, previous year, the year before
## Words with no meaning of their own in a question: the bot skips them ("how many", "show", "district").
question-words-ignored = how, many, much, what, in, the, of, for, to, a, an, and, show, me, please, district, city, region, total, totals, is, was, were, did, since, so, far, at, on, by, people, from, during, between

## What was understood: said first, so that a misreading shows at once.
question-understood = Understood: { $what } · { $where } · { $period }
question-understood-all = all figures
question-understood-default-period = { $month } and { $ytd }
question-understood-history = { $from } – { $to }, month by month
question-span-unsupported = I do not total { $months }: I can show a month, a quarter, the year so far or a whole year. For example: { $examples }.
