# Отчёт в файле Excel: шаблон и заполненный файл

excel-button = 📎 Заполнить в Excel
excel-button-period = 📎 Excel: { $period }
excel-template-caption = Шаблон отчёта «{ $form }»: { $unit }, { $period }. Заполните жёлтые ячейки столбца C и пришлите файл сюда, в этот чат. Я проверю значения и покажу итоговую карточку перед отправкой.

excel-sheet-name = Отчёт
excel-creator = Бот отчётности акимата
excel-instructions-fill = Заполните только жёлтые ячейки столбца { $column } «Значение». Пустая ячейка — нет данных (для необязательных показателей).
excel-instructions-numbers = Числа можно писать как в чате: 91 337, 17,9 млрд, 250 млн. Формулы не принимаются: впишите само значение.
excel-instructions-layout = Не добавляйте и не удаляйте строки и столбцы и не переименовывайте листы: иначе файл не будет принят.
excel-col-figure = Показатель
excel-col-value = Значение
excel-col-previous = Прошлый период: { $period }
excel-col-year = С начала года: { $period }
excel-col-year-none = С начала года
excel-col-unit = Ед. изм.
excel-col-limits = Допустимые значения
excel-col-hint = Пояснение
excel-limit-text = текст, не длиннее { $max } символов
excel-limit-min = не меньше { $min }
excel-limit-range = от { $min } до { $max }
excel-optional = можно оставить пустым
excel-prompt-title = Допустимые значения
excel-error-title = Проверьте значение

excel-file-not-xlsx = Это не файл Excel (.xlsx). Пришлите шаблон, который я отправил по кнопке «📎 Заполнить в Excel» в /report.
excel-file-encrypted = Файл защищён паролем или сохранён в старом формате .xls, поэтому я не могу его прочитать. Снимите пароль и сохраните файл как книгу Excel (.xlsx), затем пришлите снова.
excel-file-corrupt = Файл повреждён, я не могу его прочитать. Сохраните его в Excel заново (.xlsx) и пришлите ещё раз или запросите новый шаблон в /report.
excel-file-too-large = Файл слишком большой: заполненный шаблон занимает несколько килобайт, а принимаю я не больше { $limit } МБ. Пришлите сам шаблон без лишних листов и вложений.
excel-file-not-template = Это не шаблон отчёта. Возьмите шаблон по кнопке «📎 Заполнить в Excel» в /report, заполните его и пришлите.
excel-file-tampered = Служебные данные шаблона изменены, поэтому я не могу проверить, для какого отчёта этот файл. Запросите новый шаблон в /report.
excel-file-layout = В шаблоне изменена структура: строки или столбцы добавлены, удалены или переставлены. Запросите новый шаблон в /report и заполните только столбец C.
excel-file-outdated = Этот шаблон устарел: форма отчёта с тех пор изменилась. Запросите новый шаблон в /report.
excel-file-other-unit = Этот шаблон не для вашего района (города): { $unit }, «{ $form }», { $period }. Запросите свой шаблон в /report.
excel-file-period-closed = Этот шаблон — за { $period } («{ $form }»), а этот период сейчас закрыт для отчёта. Запросите шаблон за открытый период в /report.

excel-problems = Файл «{ $form }» ({ $unit }, { $period }): { $count ->
    [one] { $count } ячейку
    [few] { $count } ячейки
   *[many] { $count } ячеек
    } нельзя принять как есть. Ничего не сохранено.
excel-problems-after = Исправьте эти ячейки и пришлите файл снова.
excel-read = Файл прочитан: «{ $form }», { $unit }, { $period }. Заполнено значений: { $count }. Ничего ещё не отправлено: проверьте карточку.
excel-cell-read-as = «{ $input }» прочитано как { $value }
excel-cell-empty = пусто
excel-cell-required = не заполнено, а показатель обязательный
excel-cell-too_long = слишком длинно: не больше { $max } символов
excel-cell-not_a_number = «{ $input }» — не число
excel-cell-negative = отрицательное значение
excel-cell-fraction = нужно целое число
excel-cell-too_precise = слишком много знаков после запятой: не больше { $decimals }
excel-cell-below_min = меньше { $min }
excel-cell-above_max = больше { $max }
excel-cell-unknown_choice = «{ $input }» — нет такого варианта
excel-cell-formula = формула ({ $input }) вместо значения: впишите само число
excel-cell-not_a_value = не число и не текст (дата, ошибка или флажок)
excel-cell-scale = «{ $input }» во много раз отличается от прошлого периода: укажите масштаб словом, например «{ $input } млн» или «{ $input } тыс.»
