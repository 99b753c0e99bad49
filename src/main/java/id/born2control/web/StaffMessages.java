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
}
