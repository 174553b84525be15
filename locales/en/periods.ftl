# English. Periods in words: the month's name comes from Intl ($month, $from, $to), the year in digits ($year).
## One month: "October 2016"
period-month = { $month } { $year }
## Year to date: "January–October 2016"
period-months = { $from }–{ $to } { $year }
## A quarter: "Q3 2016" ($roman: "III" is there too)
period-quarter = Q{ $quarter } { $year }
## A year: "2016"
period-year = { $year }
