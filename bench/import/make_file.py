#!/usr/bin/env python3
"""Writes a realistic student list (danh sách học sinh lớp 9) as XLSX, deterministically.

    python make_file.py OUT.xlsx [--rows 100000] [--seed 2024]

The sheet looks like the lists schools send: three title rows, a blank row, the header
"STT | Mã học sinh | Họ và tên | Ngày sinh | Giới tính | Dân tộc | Lớp | Hướng đi sau tốt
nghiệp", then one row per student. Text cells go through the shared-string table (as Excel
writes them), dates are real date cells shown as dd/mm/yyyy, MOET ids are unique 10-digit text.
The same seed gives the same cell values (and so the same import) on every machine.
"""

import argparse
import datetime as dt
import random

import xlsxwriter

FAMILY = [
    # Weighted roughly as in the population: Nguyễn is about four in ten.
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 3),
    ("Phan", 4), ("Vũ", 3), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lâm", 1), ("Mai", 1),
    ("Tô", 1), ("Châu", 1), ("Thái", 1), ("Cao", 1), ("Tạ", 1),
]
MIDDLE_MALE = [
    "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Gia", "Hoàng", "Tấn", "Trọng",
    "Anh", "Thành", "Xuân", "Nhật", "Bảo", "Đình", "Phúc", "Tuấn", "Văn Minh", "Ngọc",
]
MIDDLE_FEMALE = [
    "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Minh", "Bảo", "Gia", "Khánh", "Mỹ", "Phương",
    "Hồng", "Thị Thanh", "Thị Ngọc", "Diễm", "Tường", "Quỳnh", "Hoài", "Ánh",
]
GIVEN_MALE = [
    "An", "Bảo", "Bình", "Cường", "Danh", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hào", "Hiếu",
    "Hoàng", "Huy", "Hùng", "Khang", "Khánh", "Khoa", "Kiệt", "Lâm", "Long", "Lộc", "Luân",
    "Minh", "Nam", "Nghĩa", "Nguyên", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sang",
    "Sơn", "Tài", "Tâm", "Thắng", "Thiện", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Việt",
    "Vinh", "Vũ", "Huy Hoàng", "Gia Bảo",
]
GIVEN_FEMALE = [
    "Anh", "Ánh", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hân", "Hằng",
    "Hạnh", "Hiền", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Loan", "Ly", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nhi", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thư",
    "Thủy", "Tiên", "Trâm", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Yến", "Bảo Ngọc",
    "Khánh Linh",
]
ETHNICITY = [
    ("Kinh", 930), ("Khơ-me", 25), ("Hoa", 20), ("Chăm", 6), ("Tày", 5), ("Mường", 4),
    ("Nùng", 4), ("Thái", 3), ("Xtiêng", 2), ("Chơ-ro", 1),
]
DESTINATION = [
    # THCS labels (domain::Destination::for_level(Thcs)), weighted like a district's streaming.
    ("THPT công lập", 620), ("THPT ngoài công lập", 40), ("GDTX cấp THPT", 90),
    ("9+ (GDTX + trung cấp)", 70), ("Trung cấp", 60), ("Sơ cấp", 15), ("Làm việc", 30),
    ("Không tiếp tục học", 15), ("Chưa rõ", 60),
]
HEADER = [
    "STT", "Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Lớp",
    "Hướng đi sau tốt nghiệp",
]
CLASS_SIZE = 40


def weighted(rng, pairs):
    names = [name for name, _ in pairs]
    weights = [weight for _, weight in pairs]
    return lambda: rng.choices(names, weights)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    family = weighted(rng, FAMILY)
    ethnicity = weighted(rng, ETHNICITY)
    destination = weighted(rng, DESTINATION)
    # Unique 10-digit MOET ids: a shuffled sample of a range, so none repeats.
    moet_ids = rng.sample(range(8_000_000_000, 8_099_999_999), args.rows)
    first_birth = dt.date(2009, 1, 1)

    book = xlsxwriter.Workbook(args.out)
    # Fixed workbook properties so that two runs write the same parts.
    book.set_properties({"title": "Danh sách học sinh lớp 9", "author": "Trường THCS Thử Nghiệm",
                         "created": dt.datetime(2024, 5, 20, 8, 0, 0)})
    sheet = book.add_worksheet("DS lớp 9")
    title = book.add_format({"bold": True, "align": "center", "font_size": 13})
    subtitle = book.add_format({"italic": True, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                            "text_wrap": True, "bg_color": "#DDEBF7"})
    cell = book.add_format({"border": 1})
    centre = book.add_format({"border": 1, "align": "center"})
    date = book.add_format({"border": 1, "align": "center", "num_format": "dd/mm/yyyy"})

    last_col = len(HEADER) - 1
    sheet.merge_range(0, 0, 0, 3, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BẾN LỨC", title)
    sheet.merge_range(1, 0, 1, last_col, "DANH SÁCH HỌC SINH LỚP 9 NĂM HỌC 2023 - 2024", title)
    sheet.merge_range(2, 0, 2, last_col,
                      "Trường THCS Thử Nghiệm — kết quả phân luồng sau tốt nghiệp THCS", subtitle)
    # Row 4 (index 3) stays blank; the header is on row 5.
    sheet.write_row(4, 0, HEADER, head)
    sheet.set_row(4, 30)
    for col, width in enumerate([6, 14, 28, 12, 9, 10, 7, 24]):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(5, 0)

    for i in range(args.rows):
        female = rng.random() < 0.49
        if female:
            middle = rng.choice(MIDDLE_FEMALE)
            given = rng.choice(GIVEN_FEMALE)
        else:
            middle = rng.choice(MIDDLE_MALE)
            given = rng.choice(GIVEN_MALE)
        name = f"{family()} {middle} {given}"
        # Born in 2009 mostly; a few a year earlier (repeated a year).
        birth = first_birth + dt.timedelta(days=rng.randrange(365))
        if rng.random() < 0.03:
            birth = birth.replace(year=2008)
        row = 5 + i
        sheet.write_number(row, 0, i + 1, centre)
        sheet.write_string(row, 1, str(moet_ids[i]), centre)
        sheet.write_string(row, 2, name, cell)
        sheet.write_datetime(row, 3, dt.datetime(birth.year, birth.month, birth.day), date)
        sheet.write_string(row, 4, "Nữ" if female else "Nam", centre)
        sheet.write_string(row, 5, ethnicity(), centre)
        sheet.write_string(row, 6, f"9A{i // CLASS_SIZE + 1}", centre)
        sheet.write_string(row, 7, destination(), cell)
    book.close()
    print(f"{args.out}: {args.rows} học sinh")


if __name__ == "__main__":
    main()
