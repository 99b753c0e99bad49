package id.born2control.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Words of the instructor studio and the officials' dashboard, in Bahasa Indonesia (the range's
 * default language); the English texts are in {@code messages/staff_en.properties}. Templates use
 * them as {@code {staff:key}}.
 */
@MessageBundle(value = "staff", locale = "id")
public interface StaffMessages {

  @Message("Bagian studio")
  String studio_tabs();

  @Message("Bagian dasbor")
  String dashboard_tabs();

  @Message("Katalog")
  String tab_catalog();

  @Message("Armada lab")
  String tab_fleet();

  @Message("Latihan")
  String tab_exercises();

  @Message("Impor peserta")
  String tab_roster();

  @Message("Latihan live-fire")
  String tab_livefire();

  @Message("Tantangan skenario")
  String livefire_field_challenge();

  @Message("Debriefing (menit)")
  String livefire_field_debrief();

  @Message("Debriefing harus berupa jumlah menit.")
  String livefire_error_debrief();

  @Message("{field}: tantangan “{slug}” tidak punya lab dengan skenario.")
  String livefire_error_no_scenario(String field, String slug);

  @Message("{field}: sebutkan paling sedikit satu kohort.")
  String livefire_error_no_cohort(String field);

  @Message("{field}: antara 0 dan {max} detik.")
  String livefire_error_debrief_range(String field, String max);

  @Message("Papan peringkat")
  String tab_board();

  @Message("Perbandingan kohort")
  String tab_compare();

  @Message("Insiden")
  String tab_incidents();

  @Message("Log audit")
  String tab_audit();

  @Message("Laporan cetak")
  String tab_report();

  @Message("Katalog tantangan")
  String catalog_title();

  @Message("Sinkronkan katalog")
  String catalog_sync();

  @Message("Menyinkronkan folder tantangan…")
  String catalog_syncing();

  @Message("Sinkronisasi selesai")
  String catalog_sync_done();

  @Message("Ditambahkan")
  String sync_added();

  @Message("Diperbarui")
  String sync_updated();

  @Message("Tidak berubah")
  String sync_unchanged();

  @Message("Gagal")
  String sync_failed();

  @Message("Dipensiunkan")
  String sync_retired();

  @Message("Tantangan yang gagal dimuat:")
  String sync_failed_list();

  @Message("{challenges} tantangan dimuat, {problems} masalah dilaporkan.")
  String catalog_lead(int challenges, int problems);

  @Message("Tantangan yang belum pernah berhasil dimuat")
  String catalog_never_loaded();

  @Message("Tidak ada masalah")
  String catalog_no_problems();

  @Message("Pratinjau")
  String catalog_preview();

  @Message("Tampilkan masalah")
  String catalog_show();

  @Message("Semua")
  String catalog_show_all();

  @Message("Galat ({count})")
  String catalog_show_errors(long count);

  @Message("Peringatan ({count})")
  String catalog_show_warnings(long count);

  @Message("Tantangan")
  String col_challenge();

  @Message("Kategori")
  String col_category();

  @Message("Status")
  String col_state();

  @Message("Status")
  String col_status();

  @Message("Versi")
  String col_version();

  @Message("Hash isi")
  String col_hash();

  @Message("Masalah")
  String col_problems();

  @Message("Pratinjau")
  String col_preview();

  @Message("Lab")
  String col_lab();

  @Message("Pemilik")
  String col_owner();

  @Message("Umur")
  String col_age();

  @Message("Berakhir dalam")
  String col_expires();

  @Message("CPU")
  String col_cpu();

  @Message("Memori")
  String col_memory();

  @Message("Tindakan")
  String col_actions();

  @Message("Armada lab")
  String fleet_title();

  @Message("{total} lab aktif di range.")
  String fleet_lead(long total);

  @Message("Tidak ada lab yang berjalan.")
  String fleet_empty();

  @Message("Hentikan")
  String fleet_stop();

  @Message("Atur ulang")
  String fleet_reset();

  @Message("Hentikan lab {lab} milik {owner}? Kemajuannya tetap tersimpan.")
  String fleet_confirm_stop(String lab, String owner);

  @Message("Ganti lab {lab} milik {owner} dengan lab baru?")
  String fleet_confirm_reset(String lab, String owner);

  @Message("Lab {lab} dihentikan.")
  String fleet_stopped_done(String lab);

  @Message("Lab diganti dengan lab baru {lab}.")
  String fleet_reset_done(String lab);

  @Message("Latihan")
  String exercises_title();

  @Message("Latihan “{name}” dibuat.")
  String exercises_created(String name);

  @Message("Papan publik “{name}” dibekukan.")
  String exercises_frozen(String name);

  @Message("Latihan")
  String col_exercise();

  @Message("Mulai")
  String col_starts();

  @Message("Selesai")
  String col_ends();

  @Message("Dibekukan")
  String col_freeze();

  @Message("Kohort")
  String col_cohorts();

  @Message("Tantangan")
  String col_challenges();

  @Message("latihan bebas")
  String status_practice();

  @Message("dibekukan")
  String status_frozen();

  @Message("terjadwal")
  String status_scheduled();

  @Message("selesai")
  String status_ended();

  @Message("berjalan")
  String status_running();

  @Message("Semua kohort")
  String all_cohorts();

  @Message("Semua tantangan")
  String all_challenges();

  @Message("Semua latihan")
  String all_exercises();

  @Message("Bekukan sekarang")
  String exercises_freeze();

  @Message("Bekukan papan publik {name} sekarang?")
  String exercises_confirm_freeze(String name);

  @Message("Latihan baru")
  String exercises_new();

  @Message("Buat latihan")
  String exercises_create();

  @Message("Waktu dalam UTC. Tanpa waktu mulai, latihan mulai sekarang.")
  String exercises_utc_note();

  @Message("Pisahkan dengan koma; kosong berarti semua kohort.")
  String exercises_cohorts_note();

  @Message("Kosong berarti semua tantangan.")
  String exercises_challenges_note();

  @Message("Nama")
  String field_name();

  @Message("Mulai (UTC)")
  String field_starts();

  @Message("Selesai (UTC)")
  String field_ends();

  @Message("Dibekukan pada (UTC)")
  String field_freeze();

  @Message("Kohort")
  String field_cohorts();

  @Message("Tantangan")
  String field_challenges();

  @Message("Latihan")
  String field_exercise();

  @Message("Kohort")
  String field_cohort();

  @Message("Cari peserta")
  String field_search();

  @Message("nama pengguna atau nama")
  String search_placeholder();

  @Message("Terapkan")
  String apply();

  @Message("Impor daftar peserta")
  String roster_title();

  @Message("Unggah CSV hingga 10.000 baris. Setiap baris membuat atau memperbarui akun Keycloak dan kohortnya.")
  String roster_lead();

  @Message("Unggah daftar")
  String roster_upload();

  @Message("Berkas CSV")
  String roster_file();

  @Message("Kolom:")
  String roster_format();

  @Message("Impor")
  String roster_import();

  @Message("Kemajuan impor")
  String roster_progress();

  @Message("Menunggu giliran")
  String roster_state_queued();

  @Message("Sedang diimpor")
  String roster_state_running();

  @Message("Selesai")
  String roster_state_done();

  @Message("Gagal")
  String roster_state_failed();

  @Message("Daftar ditolak:")
  String roster_rejected();

  @Message("Dibuat")
  String roster_created();

  @Message("Diperbarui")
  String roster_updated();

  @Message("Tidak berubah")
  String roster_unchanged();

  @Message("Gagal")
  String roster_failed();

  @Message("Baris yang bermasalah")
  String roster_errors();

  @Message("Unduh hasil (CSV, berisi kata sandi sementara)")
  String roster_result();

  @Message("Baris")
  String col_row();

  @Message("ID peserta")
  String col_participant();

  @Message("Alasan")
  String col_reason();

  @Message("Papan peringkat langsung")
  String board_title();

  @Message("{matched} dari {total} peserta berperingkat.")
  String board_summary(int matched, int total);

  @Message("Belum ada peserta dengan skor di papan ini.")
  String board_empty();

  @Message("Unduh CSV")
  String export_csv();

  @Message("Unduh JSON CTFtime")
  String export_ctftime();

  @Message("Laporan cetak")
  String open_report();

  @Message("Peringkat")
  String col_rank();

  @Message("Peserta")
  String col_trainee();

  @Message("Kohort")
  String col_cohort();

  @Message("Skor")
  String col_score();

  @Message("Terpecahkan")
  String col_solves();

  @Message("Pemecahan terakhir")
  String col_last_solve();

  @Message("Halaman")
  String pager();

  @Message("Sebelumnya")
  String previous();

  @Message("Berikutnya")
  String next();

  @Message("Halaman {page} dari {pages}")
  String page_of(int page, int pages);

  @Message("Perbandingan kohort")
  String compare_title();

  @Message("Angka per kohort")
  String compare_cohorts();

  @Message("Peserta")
  String col_trainees();

  @Message("Tertinggi")
  String col_best();

  @Message("Median")
  String col_median();

  @Message("Rata-rata")
  String col_mean();

  @Message("Rentang skor")
  String col_score_range();

  @Message("Waktu")
  String col_time();

  @Message("Sebaran skor per kohort")
  String chart_distribution();

  @Message("Pemecahan per kategori")
  String chart_categories();

  @Message("Skor dari waktu ke waktu (10 teratas)")
  String chart_timeline();

  @Message("Sebaran skor sebagai tabel")
  String table_distribution();

  @Message("Pemecahan per kategori sebagai tabel")
  String table_categories();

  @Message("Skor dari waktu ke waktu sebagai tabel")
  String table_timeline();

  @Message("Insiden")
  String incidents_title();

  @Message("Flag yang dibagikan")
  String incidents_shared();

  @Message("Peserta yang mengirim flag dinamis milik peserta lain.")
  String incidents_shared_lead();

  @Message("Tebakan beruntun")
  String incidents_brute();

  @Message("Banyak jawaban salah untuk satu tantangan dalam waktu singkat.")
  String incidents_brute_lead();

  @Message("Tidak ada insiden.")
  String incidents_none();

  @Message("Pengirim")
  String col_submitter();

  @Message("Pemilik flag")
  String col_flag_owner();

  @Message("Jawaban salah")
  String col_wrong();

  @Message("Pertama")
  String col_first();

  @Message("Terakhir")
  String col_last();

  @Message("flag untuk {slug}")
  String issued_for(String slug);

  @Message("diblokir")
  String banned();

  @Message("disembunyikan")
  String hidden();

  @Message("berperingkat")
  String ranked();

  @Message("Skor")
  String trainee_solves();

  @Message("Belum ada skor.")
  String trainee_no_solves();

  @Message("Pengiriman terakhir")
  String trainee_submissions();

  @Message("Belum ada pengiriman.")
  String trainee_no_submissions();

  @Message("Poin")
  String col_points();

  @Message("Pratinjau flag")
  String col_preview_flag();

  @Message("Log audit")
  String audit_title();

  @Message("Rantai hash utuh: {checked} catatan diperiksa.")
  String audit_valid(long checked);

  @Message("{pending} catatan masih menunggu disegel.")
  String audit_pending(long pending);

  @Message("Rantai hash RUSAK mulai catatan {seq}:")
  String audit_broken(Long seq);

  @Message("Belum ada catatan.")
  String audit_empty();

  @Message("Pelaku")
  String col_actor();

  @Message("Tindakan")
  String col_action();

  @Message("Subjek")
  String col_subject();

  @Message("Rincian")
  String col_details();

  @Message("Laporan peringkat")
  String report_title();

  @Message("Peserta berperingkat")
  String report_ranked();

  @Message("Dibuat")
  String report_generated();

  @Message("Cetak")
  String report_print();

  @Message("{shown} dari {total} ditampilkan.")
  String report_shown(int shown, int total);

  @Message("Tanda tangan pejabat program")
  String report_signed();

  // ---- issue 15: texts that were untranslated or built in scripts ----

  @Message("Terminal")
  String fleet_terminal();

  @Message("Situs :{port}")
  String fleet_site(int port);

  @Message("disiapkan")
  String lab_state_provisioning();

  @Message("dimulai")
  String lab_state_starting();

  @Message("berjalan")
  String lab_state_running();

  @Message("dihentikan")
  String lab_state_stopping();

  @Message("berhenti")
  String lab_state_stopped();

  @Message("gagal")
  String lab_state_failed();

  @Message("terlihat")
  String catalog_state_visible();

  @Message("tersembunyi")
  String catalog_state_hidden();

  @Message("{hours} j {minutes} mnt")
  String duration_hours(long hours, long minutes);

  @Message("{minutes} mnt")
  String duration_minutes(long minutes);

  @Message("{seconds} dtk")
  String duration_seconds(long seconds);

  @Message("{used} MiB")
  String memory_used(String used);

  @Message("{used} MiB dari {limit} MiB")
  String memory_of(String used, String limit);

  @Message("Ada kolom berkutip yang tidak ditutup")
  String roster_reason_unclosed_quote();

  @Message("Baris harus berisi 4 atau 5 kolom (ID peserta, nama lengkap, email, kohort, tim opsional)")
  String roster_reason_field_count();

  @Message("Nama tim terlalu panjang atau berisi karakter kontrol")
  String roster_reason_team_name();

  @Message("Tim ini milik kohort lain")
  String roster_reason_team_cohort();

  @Message("Tim ini akan melebihi jumlah anggota maksimum")
  String roster_reason_team_full();

  @Message("Peserta sudah berada di tim lain; seorang peserta hanya di satu tim")
  String roster_reason_team_two_teams();

  @Message("ID peserta kosong")
  String roster_reason_missing_participant_id();

  @Message("Nama lengkap kosong")
  String roster_reason_missing_full_name();

  @Message("Email kosong")
  String roster_reason_missing_email();

  @Message("Kohort kosong")
  String roster_reason_missing_cohort();

  @Message("ID peserta terlalu panjang")
  String roster_reason_id_too_long();

  @Message("ID peserta hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung")
  String roster_reason_id_characters();

  @Message("Nama lengkap terlalu panjang")
  String roster_reason_name_too_long();

  @Message("Email terlalu panjang")
  String roster_reason_email_too_long();

  @Message("Alamat email tidak sah")
  String roster_reason_bad_email();

  @Message("Nama kohort terlalu panjang")
  String roster_reason_cohort_too_long();

  @Message("Kohort hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung")
  String roster_reason_cohort_characters();

  @Message("ID peserta ganda (sudah ada di baris sebelumnya)")
  String roster_reason_duplicate_id();

  @Message("Nama pengguna sudah dipakai tetapi tidak ditemukan")
  String roster_reason_name_taken();

  @Message("Akun ini bukan akun peserta yang dikelola roster (staf, akun layanan, atau dibuat"
      + " manual); baris ditolak dan akun itu tidak diubah")
  String roster_reason_unmanaged_account();

  @Message("Keycloak menolak baris ini")
  String roster_reason_keycloak_refused();

  @Message("Keycloak tidak menjawab; jalankan berkas yang sama lagi untuk menyelesaikan")
  String roster_reason_keycloak_unreachable();

  @Message("Basis data range menolak baris ini; jalankan berkas yang sama lagi")
  String roster_reason_database();

  @Message("Kegagalan tak terduga (lihat log range); jalankan berkas yang sama lagi")
  String roster_reason_unexpected();

  @Message("{field}: wajib diisi")
  String exercise_error_required(String field);

  @Message("{field}: paling banyak 200 karakter")
  String exercise_error_name_long(String field);

  @Message("{field}: latihan {id} sudah memakai nama ini")
  String exercise_error_name_taken(String field, String id);

  @Message("{field}: harus setelah waktu mulai")
  String exercise_error_ends_before(String field);

  @Message("{field}: tidak boleh sebelum waktu mulai")
  String exercise_error_freeze_before(String field);

  @Message("{field}: tidak boleh setelah waktu selesai")
  String exercise_error_freeze_after(String field);

  @Message("{field}: {slug} tidak ada di katalog")
  String exercise_error_unknown_challenge(String field, String slug);

  @Message("{field}: nama tidak boleh kosong")
  String exercise_error_empty_cohort(String field);

  @Message("{field}: bukan tanggal dan waktu (yyyy-mm-ddThh:mm)")
  String exercise_error_not_time(String field);

  @Message("Alamat IP")
  String col_ip();

  @Message("benar")
  String submission_correct();

  @Message("salah")
  String submission_wrong();

  @Message("sudah selesai")
  String submission_already_solved();

  @Message("sebagian")
  String submission_partial();

  @Message("flag milik orang lain")
  String submission_shared_flag();

  @Message("sistem")
  String audit_system();

  @Message("peserta {name}")
  String audit_subject_trainee(String name);

  @Message("tantangan {name}")
  String audit_subject_challenge(String name);

  @Message("lab {name}")
  String audit_subject_lab(String name);

  @Message("latihan #{name}")
  String audit_subject_exercise(String name);

  @Message("katalog")
  String audit_subject_catalog();

  @Message("kiriman #{first}–#{last}")
  String audit_subject_submissions(String first, String last);

  @Message("Data mentah")
  String audit_raw();

  @Message("Menyelesaikan {challenge} sebagai penyelesai ke-{position}, {value} poin.")
  String audit_solve(String challenge, String position, String value);

  @Message("Mengirim flag untuk {challenge}: {status}.")
  String audit_submission(String challenge, String status);

  @Message("Menyimpan {count} kiriman flag sekaligus, {solves} di antaranya penyelesaian.")
  String audit_submissions(String count, String solves);

  @Message("Bonus darah pertama {points} poin untuk {challenge}.")
  String audit_first_blood(String points, String challenge);

  @Message("Insiden #{incident}: flag milik peserta lain dikirim untuk {challenge}.")
  String audit_flag_sharing(String incident, String challenge);

  @Message("Membuka petunjuk {number} untuk {challenge} seharga {cost} poin.")
  String audit_hint(String number, String challenge, String cost);

  @Message("Pemeriksaan pertahanan {check} pada {challenge} lulus: {points} poin.")
  String audit_defense(String check, String challenge, String points);

  @Message("Penghargaan {points} poin: {reason}")
  String audit_award(String points, String reason);

  @Message("Penalti {points} poin: {reason}")
  String audit_penalty(String points, String reason);

  @Message("Status peserta diubah menjadi {status}.")
  String audit_status(String status);

  @Message("Membuat latihan {name}.")
  String audit_exercise_create(String name);

  @Message("Mengubah latihan {name}.")
  String audit_exercise_update(String name);

  @Message("Sinkronisasi katalog: {added} ditambah, {updated} diperbarui, {failed} gagal, {retired} dipensiunkan.")
  String audit_catalog_sync(String added, String updated, String failed, String retired);

  @Message("Menghentikan lab {challenge} milik {owner}.")
  String audit_lab_stop(String challenge, String owner);

  @Message("Mengatur ulang lab {challenge} milik {owner}.")
  String audit_lab_reset(String challenge, String owner);

  @Message("Memulai lab {challenge} untuk {owner}.")
  String audit_lab_start(String challenge, String owner);

  @Message("Membuka terminal lab {challenge} milik {owner}.")
  String audit_lab_terminal(String challenge, String owner);

  @Message("Membuka situs lab {challenge} milik {owner}.")
  String audit_lab_web(String challenge, String owner);

  @Message("Menjalankan pemeriksaan lab {challenge} milik {owner}.")
  String audit_lab_check(String challenge, String owner);

  @Message("Membuka terowongan TCP ke lab {challenge} milik {owner}.")
  String audit_lab_tunnel(String challenge, String owner);

  @Message("Skenario {challenge}, tick {tick}: {points} poin.")
  String audit_scenario(String challenge, String tick, String points);

  @Message("Permintaan staf dijawab dengan status HTTP {status}.")
  String audit_staff_request(String status);

  @Message("galat")
  String catalog_sev_error();

  @Message("peringatan")
  String catalog_sev_warning();

  // ---------------------------------------------------------------- debrief (issue 19)

  @Message("Tinjauan")
  String fleet_debrief();

  @Message("Lab")
  String trainee_labs();

  @Message("Tidak ada lab aktif atau yang baru berakhir.")
  String trainee_no_labs();

  @Message("Memutar ulang rekaman terminal {recording} di lab {challenge} milik {owner}.")
  String audit_lab_recording(String recording, String challenge, String owner);

  @Message("Membuka tinjauan lab {challenge} milik {owner}.")
  String audit_lab_debrief(String challenge, String owner);
  // ---- scenarioui (issue 19: live-fire scenario panel and staff wall) ----

  @Message("Dinding langsung")
  String tab_wall();

  @Message("Skenario latihan pertahanan langsung; pilih satu untuk melihat peserta dan layanannya.")
  String wall_lead();

  @Message("Setiap tick {seconds} detik; lampu terakhir setiap layanan per peserta, diperbarui langsung.")
  String wall_challenge_lead(int seconds);

  @Message("Tim")
  String col_team();

  @Message("Anggota")
  String col_members();

  @Message("Tim")
  String tab_teams();

  @Message("Tim berisi 2–8 peserta dari satu kohort; seorang peserta hanya di satu tim. Setiap perubahan dicatat di jejak audit, dan poin tetap milik tim yang meraihnya.")
  String teams_lead();

  @Message("Nama pengguna anggota, dipisah koma; mereka harus dari kohort tim dan belum di tim lain.")
  String teams_members_note();

  @Message("Mode")
  String field_mode();

  @Message("Perorangan")
  String exercises_mode_individual();

  @Message("Tim")
  String exercises_mode_team();

  @Message("Dalam latihan tim, tim yang memecahkan soal dan meraih poin; latihan ini baru bisa dimulai bila setiap peserta kohortnya sudah punya tim.")
  String exercises_mode_note();

  @Message("Latihan tim belum bisa dimulai: {username} belum punya tim.")
  String exercise_error_without_team(String username);

  @Message("Latihan tim belum bisa dimulai: tim {team} kurang anggota.")
  String exercise_error_team_too_small(String team);

  @Message("tim #{name}")
  String audit_subject_team(String name);

  @Message("Membuat tim {name}.")
  String audit_team_create(String name);

  @Message("Mengganti nama tim {from} menjadi {to}.")
  String audit_team_rename(String from, String to);

  @Message("Memindahkan {trainee} ke tim {team}.")
  String audit_team_move(String trainee, String team);

  @Message("Mengeluarkan {trainee} dari tim {team}.")
  String audit_team_remove(String trainee, String team);

  @Message("Membubarkan tim {name}.")
  String audit_team_dissolve(String name);

  @Message("Tim {team} memecahkan {challenge} (urutan {position}, nilai {value}).")
  String audit_team_solve(String challenge, String team, String position, String value);

  @Message("Bonus first blood {points} poin untuk tim {team} di {challenge}.")
  String audit_team_first_blood(String points, String challenge, String team);

  @Message("Tim {team} membuka petunjuk {challenge} ({points} poin).")
  String audit_team_hint(String challenge, String team, String points);
}
