package id.born2control.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Words every page shares, in Bahasa Indonesia (the range's default language); the English texts
 * are in {@code messages/msg_en.properties}. Templates use them as {@code {msg:key}}; the locale
 * is the one {@link Pages} sets from the person's choice.
 */
@MessageBundle(value = "msg", locale = "id")
public interface Messages {

  @Message("Born2Control Range")
  String brand();

  @Message("DEMO: range demonstrasi dengan kata sandi contoh, bukan untuk latihan sungguhan")
  String demo_marker();

  @Message("Lewati ke konten utama")
  String skip_to_content();

  @Message("Navigasi utama")
  String nav_label();

  @Message("Tantangan")
  String nav_challenges();

  @Message("Halaman saya")
  String nav_me();

  @Message("Papan skor")
  String nav_scoreboard();

  @Message("Studio instruktur")
  String nav_studio();

  @Message("Dasbor pejabat")
  String nav_dashboard();

  @Message("Masuk")
  String sign_in();

  @Message("Keluar")
  String sign_out();

  @Message("Masuk sebagai {name}")
  String signed_in_as(String name);

  @Message("Bahasa")
  String language();

  @Message("English")
  String switch_language();

  @Message("en")
  String switch_language_code();

  @Message("Tantangan")
  String home_title();

  @Message("{total} tantangan terbuka untuk latihan.")
  String home_lead(int total);

  @Message("Belum ada tantangan yang dibuka.")
  String home_empty();

  @Message("poin")
  String points();

  @Message("lab")
  String lab_badge();

  @Message("Halaman tidak ditemukan")
  String error_404_title();

  @Message("Alamat ini tidak ada di range. Periksa tautannya atau kembali ke daftar tantangan.")
  String error_404_text();

  @Message("Akses ditolak")
  String error_403_title();

  @Message("Peran Anda tidak mengizinkan halaman ini. Hubungi instruktur jika Anda memerlukannya.")
  String error_403_text();

  @Message("Halaman ini milik peran lain (studio untuk instruktur, dasbor untuk pejabat). Minta administrator range memberi Anda peran itu.")
  String error_403_staff_text();

  @Message("Halaman ini memerlukan peran tertentu. Masuk dengan akun yang memilikinya.")
  String error_403_anonymous_text();

  @Message("Permintaan tidak dapat diproses")
  String error_400_title();

  @Message("Ada yang salah pada permintaan ini:")
  String error_400_text();

  @Message("Layanan sedang sibuk")
  String error_503_title();

  @Message("Range sedang sibuk atau sebagian layanannya tidak menjawab. Coba lagi sebentar lagi.")
  String error_503_text();

  @Message("Terjadi kesalahan")
  String error_500_title();

  @Message("Terjadi kesalahan di pihak kami. Sebutkan kode insiden ini kepada instruktur:")
  String error_500_text();

  @Message("Kembali ke tantangan")
  String error_back();

  @Message("Anda sudah menyelesaikan {solved}.")
  String home_solved(int solved);

  /** The same with %s for the count, for the page's script. */
  @Message("Anda sudah menyelesaikan %s.")
  String home_solved_live();

  @Message("{count} penyelesaian")
  String solve_count(long count);

  @Message("Selesai")
  String solved();

  @Message("%s penyelesaian")
  String solve_count_live();

  @Message("Terkunci sampai Anda menyelesaikan:")
  String locked_until();

  @Message("Pratinjau: halaman ini tampil persis seperti yang dilihat peserta; tombol-tombolnya dinonaktifkan.")
  String preview_banner();

  @Message("oleh {author}")
  String by_author(String author);

  @Message("Deskripsi")
  String description();

  @Message("Berkas")
  String files();

  @Message("Petunjuk")
  String hints();

  @Message("Petunjuk {number}")
  String hint_n(int number);

  @Message("Buka petunjuk ({cost} poin)")
  String hint_unlock(int cost);

  @Message("Membuka petunjuk ini mengurangi skor Anda sebanyak %s poin. Lanjutkan?")
  String hint_confirm();

  @Message("Lab")
  String lab_title();

  @Message("Belum ada lab yang berjalan untuk tantangan ini.")
  String lab_none();

  @Message("Menyiapkan lab…")
  String lab_provisioning();

  @Message("Menyalakan lab…")
  String lab_starting();

  @Message("Lab berjalan.")
  String lab_running();

  @Message("Menghentikan lab…")
  String lab_stopping();

  @Message("Lab dihentikan. Kemajuan Anda tetap tersimpan.")
  String lab_stopped();

  @Message("Lab gagal dijalankan: %s")
  String lab_failed();

  @Message("kedaluwarsa")
  String lab_expired();

  @Message("Berakhir dalam")
  String lab_expires_in();

  @Message("Jalankan lab")
  String lab_start();

  @Message("Hentikan")
  String lab_stop();

  @Message("Hentikan dan hapus lab ini?")
  String lab_stop_confirm();

  @Message("Perpanjang")
  String lab_extend();

  @Message("Buka terminal")
  String lab_terminal();

  @Message("Buka situs lab")
  String lab_open_web();

  @Message("Tunnel ke port ini")
  String lab_tunnel();

  @Message("Jalankan perintah ini di komputer Anda sendiri (JDK 11 atau lebih baru), lalu"
      + " sambungkan alat Anda ke port lokal yang ditampilkannya. Tiket di dalamnya berlaku sekali,"
      + " dalam satu menit.")
  String lab_tunnel_help();

  @Message("Unduh klien tunnel")
  String lab_tunnel_client();

  @Message("Pemeriksaan pertahanan")
  String checks_title();

  @Message("Jalankan pemeriksaan pertahanan")
  String check_run();

  @Message("lulus")
  String check_passed();

  @Message("belum lulus")
  String check_failed();

  @Message("%s dari %s pemeriksaan lulus.")
  String check_summary();

  @Message("Kirim flag")
  String flag_title();

  @Message("Flag")
  String flag_label();

  @Message("Kirim")
  String flag_submit();

  @Message("Masuk untuk mengirim flag.")
  String flag_sign_in();

  @Message("Benar! +%s poin.")
  String flag_correct();

  @Message("Salah. Coba lagi.")
  String flag_wrong();

  @Message("Salah. Sisa %s dari {attempts} percobaan.")
  String flag_wrong_left(int attempts);

  @Message("Benar! +%s poin, termasuk bonus first blood %s poin karena Anda termasuk yang pertama menyelesaikannya.")
  String flag_correct_bonus();

  @Message("Anda sudah menyelesaikan tantangan ini.")
  String flag_already();

  @Message("Benar, tetapi masih ada flag lain yang harus ditemukan.")
  String flag_partial();

  @Message("Terlalu banyak percobaan. Coba lagi dalam %s detik.")
  String flag_rate_limited();

  @Message("Permintaan gagal: %s")
  String request_failed();

  @Message("Tantangan berikutnya:")
  String next_challenge();

  @Message("Terminal")
  String terminal_title();

  @Message("Kembali ke tantangan")
  String terminal_back();

  @Message("Menghubungkan ke lab…")
  String terminal_connecting();

  @Message("Terhubung.")
  String terminal_connected();

  @Message("Terminal ditutup. Muat ulang halaman untuk membuka lagi.")
  String terminal_closed();

  @Message("Lab ini tidak sedang berjalan.")
  String terminal_not_running();

  @Message("Sudah ada dua terminal terbuka di lab ini (atau terlalu banyak terminal Anda). Tutup salah satunya, lalu muat ulang halaman ini.")
  String terminal_too_many();

  @Message("Sesi Anda telah berakhir, jadi terminal ditutup. Masuk lagi, lalu muat ulang halaman ini.")
  String terminal_session_ended();

  @Message("Kohort")
  String cohort();

  @Message("Tim")
  String team();

  @Message("Ringkasan")
  String me_summary();

  @Message("Skor")
  String me_score();

  @Message("Peringkat keseluruhan")
  String me_rank_overall();

  @Message("Skor tim {team}")
  String me_team_score(String team);

  @Message("Peringkat di {cohort}")
  String me_rank_cohort(String cohort);

  @Message("dari {total}")
  String me_of(int total);

  @Message("Penyelesaian")
  String me_solves();

  @Message("Skor dari waktu ke waktu")
  String me_over_time();

  @Message("Belum ada poin. Selesaikan tantangan pertama Anda!")
  String me_no_points();

  @Message("Belum ada tantangan yang diselesaikan.")
  String me_no_solves();

  @Message("Tantangan")
  String me_challenge();

  @Message("Waktu")
  String me_when();

  @Message("Penyesuaian poin")
  String me_adjustments();

  @Message("Jenis")
  String me_kind();

  @Message("Alasan")
  String me_reason();

  @Message("Anda masuk tanpa peran peserta, jadi tidak ada skor di sini.")
  String me_not_trainee();

  @Message("Sesi Anda telah berakhir. Masuk lagi untuk melanjutkan; isian Anda di halaman ini tetap tersimpan.")
  String session_ended();

  @Message("Masuk lagi")
  String session_sign_in_again();

  @Message("Sesi Anda telah berakhir atau Anda belum masuk. Masuk lagi di {signIn}.")
  String session_ended_detail(String signIn);

  @Message("Bonus first blood")
  String adj_first_blood();

  @Message("Petunjuk")
  String adj_hint();

  @Message("Petunjuk {number} untuk {challenge}")
  String adj_hint_what(int number, String challenge);

  @Message("Pemeriksaan pertahanan")
  String adj_defense();

  @Message("{check} pada {challenge}")
  String adj_defense_what(String check, String challenge);

  @Message("Skenario live-fire")
  String adj_scenario();

  @Message("Tick {tick} pada {challenge}")
  String adj_scenario_what(String tick, String challenge);

  @Message("Penghargaan")
  String adj_award();

  @Message("Penalti")
  String adj_penalty();

  // ---- issue 15: texts that were untranslated or built in scripts ----

  @Message("Tab diteruskan ke shell; tekan Shift+Tab untuk keluar dari terminal.")
  String terminal_keys();

  @Message("B2C{...}")
  String flag_placeholder();

  @Message("Latihan bebas")
  String exercise_practice();

  @Message("Masukan terminal")
  String terminal_input();

  @Message("Kesempatan menjawab tantangan ini sudah habis.")
  String problem_attempts_exhausted();

  @Message("Akun Anda diblokir di range ini; hubungi instruktur.")
  String problem_banned();

  @Message("Range sedang sibuk; coba lagi sebentar lagi.")
  String problem_busy();

  @Message("Tantangan ini tidak ada (lagi).")
  String problem_challenge_not_found();

  @Message("Latihan untuk tantangan ini sedang tidak berjalan.")
  String problem_exercise_not_running();

  @Message("Flag terlalu panjang.")
  String problem_flag_too_long();

  @Message("Petunjuk ini belum bisa dibuka.")
  String problem_hint_locked();

  @Message("Petunjuk ini tidak ada.")
  String problem_hint_not_found();

  @Message("Buka dulu petunjuk sebelumnya.")
  String problem_hint_requirements_not_met();

  @Message("Selesaikan dulu tantangan yang membukanya.")
  String problem_requirements_not_met();

  @Message("Image lab ini belum tersedia; hubungi instruktur.")
  String problem_image_unavailable();

  @Message("Range sedang penuh; coba mulai lab lagi nanti.")
  String problem_lab_capacity();

  @Message("Terlalu banyak lab sedang dimulai; coba lagi sebentar lagi.")
  String problem_start_queue_full();

  @Message("Mesin lab gagal menjalankan permintaan; coba lagi.")
  String problem_lab_engine();

  @Message("Lab ini tidak bisa diperpanjang lagi.")
  String problem_lab_lifetime();

  @Message("Anda sudah menjalankan lab sebanyak batasnya; hentikan salah satunya dulu.")
  String problem_lab_limit();

  @Message("Anda memulai lab terlalu cepat; tunggu sebentar.")
  String problem_start_rate_limited();

  @Message("Lab ini tidak ada.")
  String problem_lab_not_found();

  @Message("Lab ini sedang tidak berjalan.")
  String problem_lab_not_running();

  @Message("Tantangan ini tidak memiliki lab.")
  String problem_no_lab();

  @Message("Jawaban tidak terbaca; kirim flag sebagai teks.")
  String problem_malformed_submission();

  @Message("Jawaban terlalu besar.")
  String problem_submission_too_large();

  @Message("Terlalu banyak percobaan; tunggu sebentar.")
  String problem_rate_limited();

  @Message("Permintaan gagal (HTTP %s).")
  String problem_generic();

  @Message("Berkas daftar peserta kosong.")
  String problem_roster_empty();

  @Message("Berkas daftar peserta terlalu besar (paling banyak 10.000 baris).")
  String problem_roster_too_large();

  @Message("Impor daftar peserta masih berjalan.")
  String problem_roster_job_running();

  @Message("Impor daftar peserta tidak tersedia: Keycloak tidak terhubung.")
  String problem_roster_unavailable();

  // ---- scenarioui (issue 19: live-fire scenario panel and staff wall) ----

  @Message("Skenario langsung")
  String scenario_title();

  @Message("Tick")
  String scenario_tick();

  @Message("tick berikutnya dalam")
  String scenario_next_in();

  @Message("skenario selesai")
  String scenario_ended();

  @Message("skor skenario")
  String scenario_total();

  @Message("Layanan")
  String scenario_services();

  @Message("baik")
  String scenario_status_ok();

  @Message("bermasalah")
  String scenario_status_faulty();

  @Message("mati")
  String scenario_status_down();

  @Message("disusupi")
  String scenario_status_compromised();

  @Message("tidak diperiksa")
  String scenario_status_not_checked();

  @Message("Serangan")
  String scenario_attacks();

  @Message("Belum ada serangan.")
  String scenario_no_attacks();

  @Message("berhasil")
  String scenario_outcome_succeeded();

  @Message("dihentikan")
  String scenario_outcome_stopped();

  @Message("tidak dijalankan")
  String scenario_outcome_not_run();

  @Message("dari")
  String scenario_from();

  @Message("Skor per tick")
  String scenario_ticks();

  @Message("Tick")
  String scenario_col_tick();

  @Message("Layanan")
  String scenario_col_service();

  @Message("Bertahan")
  String scenario_col_defended();

  @Message("Diserang")
  String scenario_col_attacked();

  @Message("Disusupi")
  String scenario_col_compromised();

  @Message("Jumlah")
  String scenario_col_total();

  @Message("(tidak dibayar)")
  String scenario_unpaid();
}
