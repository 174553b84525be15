# Русский. Периоды словами: название месяца приходит из Intl ($month, $from, $to), год — цифрами ($year).
## Один месяц: «октябрь 2016»
period-month = { $month } { $year }
## С начала года: «январь–октябрь 2016»
period-months = { $from }–{ $to } { $year }
## Квартал римской цифрой: «III квартал 2016»
period-quarter = { $roman } квартал { $year }
## Год: «2016 год»
period-year = { $year } год
