//! The pre-filled streaming workbook a school downloads: last year's graduates with the columns
//! to fill (destination from a drop-down list, institution, date), which `import students` takes
//! back unchanged — the Excel round trip that schools live in.

use domain::{Destination, Level};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use store::{Graduate, Institution};

use crate::safe_cell::excel_text;

/// The columns, as the import reads them back.
const HEADERS: [(&str, f64); 10] = [
    ("STT", 5.0),
    ("Mã học sinh", 14.0),
    ("Họ và chữ đệm", 22.0),
    ("Tên", 10.0),
    ("Ngày sinh", 12.0),
    ("Giới tính", 9.0),
    ("Lớp", 7.0),
    ("Hướng đi sau tốt nghiệp", 26.0),
    ("Nơi học/làm việc", 28.0),
    ("Ngày ghi nhận", 13.0),
];

/// Builds the workbook for a school's cohort; `graduates` come in Vietnamese list order. Every
/// stored text goes through `excel_text`: a record stored before the field limits existed must
/// not make the school's workbook fail for good.
pub fn streaming_workbook(
    school: &Institution,
    year: i32,
    level: Level,
    graduates: &[Graduate],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Phan luong")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let to_fill = Format::new()
        .set_border(FormatBorder::Thin)
        .set_background_color("#FFF2CC")
        .set_unlocked();
    let date = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("dd/mm/yyyy");
    let date_to_fill = date.clone().set_background_color("#FFF2CC").set_unlocked();

    let last_col = (HEADERS.len() - 1) as u16;
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        &excel_text(&school.name.to_uppercase()),
        &title,
    )?;
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        &format!(
            "DANH SÁCH HỌC SINH TỐT NGHIỆP {} NĂM {} – CẬP NHẬT HƯỚNG ĐI SAU TỐT NGHIỆP",
            level.label(),
            year
        ),
        &title,
    )?;
    sheet.merge_range(
        2,
        0,
        2,
        last_col,
        "Điền các ô màu vàng; chọn hướng đi trong danh sách. Không đổi tên cột.",
        &Format::new().set_italic().set_align(FormatAlign::Center),
    )?;
    let header_row = 4;
    for (col, (name, width)) in HEADERS.iter().enumerate() {
        sheet.write_with_format(header_row, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    for (i, g) in graduates.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        let d = &g.data;
        sheet.write_with_format(row, 0, (i + 1) as u32, &cell)?;
        let moet_id = d.moet_id.as_deref().unwrap_or("");
        sheet.write_with_format(row, 1, &*excel_text(moet_id), &cell)?;
        sheet.write_with_format(row, 2, &*excel_text(&d.name.family_middle), &cell)?;
        sheet.write_with_format(row, 3, &*excel_text(&d.name.given), &cell)?;
        sheet.write_datetime_with_format(row, 4, d.birth_date, &date)?;
        sheet.write_with_format(row, 5, d.gender.label(), &cell)?;
        sheet.write_with_format(row, 6, &*excel_text(&d.class_name), &cell)?;
        let destination = if d.destination == Destination::Unknown {
            ""
        } else {
            d.destination.label()
        };
        sheet.write_with_format(row, 7, destination, &to_fill)?;
        let institution = d.destination_institution.as_deref().unwrap_or("");
        sheet.write_with_format(row, 8, &*excel_text(institution), &to_fill)?;
        match d.destination_date {
            Some(day) => sheet.write_datetime_with_format(row, 9, day, &date_to_fill)?,
            None => sheet.write_blank(row, 9, &date_to_fill)?,
        };
    }
    let last_row = header_row + graduates.len().max(1) as u32;
    let labels: Vec<&str> = Destination::for_level(level)
        .iter()
        .map(|d| d.label())
        .collect();
    let choice = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Hướng đi không hợp lệ")?
        .set_error_message("Hãy chọn một hướng đi trong danh sách.")?;
    sheet.add_data_validation(header_row + 1, 7, last_row, 7, &choice)?;
    sheet.set_freeze_panes(header_row + 1, 4)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    book.save_to_buffer()
}
