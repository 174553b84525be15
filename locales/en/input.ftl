# Reading typed numbers: the scale, "same as last month", a correction that changes nothing

report-scale-far = I understood: { $value }. That is far { $direction ->
        [below] below
       *[above] above
    } { $source ->
        [own] last period's value
       *[region] the usual value of the region's districts and cities (their average last period)
    }: { $reference }. Which did you mean?
report-scale-fraction = Amounts are in whole tenge, and { $typed } has a fraction. Which did you mean?
report-scale-literal = ✔ Yes, { $value }
report-same-as-previous = ↺ Same as last { $period ->
        [month] month
        [quarter] quarter
       *[year] year
    }: { $value }
report-correction-unchanged = Nothing changed, so no new version was made. Version { $version } of { $at } stays in force.
