package id.born2control.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Words of the live-fire pages for staff (the live wall, a lab's debrief, the studio's live-fire
 * exercises), in Bahasa Indonesia (the range's default language); the English
 * texts are in {@code messages/fire_en.properties}. Templates use them as {@code {fire:key}}.
 * Apart from {@link StaffMessages} because Quarkus generates unverifiable bytecode for one bundle
 * of several hundred messages.
 */
@MessageBundle(value = "fire", locale = "id")
public interface FireMessages {

  @Message("Latihan live-fire")
  String livefire_title();

  @Message("Latihan live-fire dijadwalkan.")
  String livefire_scheduled();

  @Message("Lab yang gagal akan dimulai lagi.")
  String livefire_retried();

  @Message("Latihan diakhiri pada akhir tick yang sedang berjalan; debriefing dimulai.")
  String livefire_ended();

  @Message("Akhiri sekarang")
  String livefire_end();

  @Message("Akhiri latihan ini pada akhir tick yang sedang berjalan? Serangan dan pemeriksaan berhenti untuk semua peserta.")
  String livefire_end_confirm();

  @Message("Debriefing")
  String livefire_phase_debrief();

  @Message("lab dihapus pada")
  String livefire_remove_at();

  @Message("{ready} dari {total} lab siap")
  String livefire_ready(int ready, int total);

  @Message("Coba lagi {failed} lab yang gagal")
  String livefire_retry_all(int failed);

  @Message("Coba lagi")
  String livefire_retry();

  @Message("Lab peserta")
  String livefire_seats();

  @Message("Alasan")
  String livefire_col_reason();

  @Message("Percobaan")
  String livefire_col_attempts();

  @Message("Menunggu")
  String livefire_seat_waiting();

  @Message("Disiapkan")
  String livefire_seat_provisioning();

  @Message("Siap")
  String livefire_seat_ready();

  @Message("Gagal")
  String livefire_seat_failed();

  @Message("Dihapus")
  String livefire_seat_removed();

  @Message("Jadwalkan latihan live-fire")
  String livefire_new();

  @Message("Jadwalkan")
  String livefire_schedule();

  @Message("%s dari %s lab siap")
  String livefire_ready_live();

  @Message("Coba lagi %s lab yang gagal")
  String livefire_retry_all_live();

  @Message("Menjadwalkan latihan live-fire {challenge} untuk {cohorts}, {startsAt} – {endsAt}, debriefing {debriefSeconds} detik.")
  String audit_livefire_schedule(String challenge, String cohorts, String startsAt,
      String endsAt, String debriefSeconds);

  @Message("Meminta lab yang gagal dimulai lagi: {trainees} peserta.")
  String audit_livefire_retry(String trainees);

  @Message("Mengakhiri latihan live-fire lebih awal pada {endsAt} (rencana {plannedEndsAt}).")
  String audit_livefire_end(String endsAt, String plannedEndsAt);

  @Message("Tinjauan latihan")
  String debrief_title();

  @Message("Lini masa {owner} di {challenge}: langkah penyerang, hasil pemeriksaan layanan dan skor per tick, serta sesi terminal yang terekam.")
  String debrief_lead(String owner, String challenge);

  @Message("Kembali ke armada lab")
  String debrief_back_fleet();

  @Message("Kembali ke dasbor")
  String debrief_back_dashboard();

  @Message("Lab")
  String debrief_lab();

  @Message("Status")
  String debrief_state();

  @Message("Mulai")
  String debrief_started();

  @Message("Selesai")
  String debrief_ended();

  @Message("Total skor skenario")
  String debrief_total();

  @Message("Lini masa")
  String debrief_timeline();

  @Message("Waktu")
  String debrief_col_time();

  @Message("Tick")
  String debrief_col_tick();

  @Message("Kejadian")
  String debrief_col_event();

  @Message("Rincian")
  String debrief_col_detail();

  @Message("Serangan {step}")
  String debrief_attack(String step);

  @Message("berhasil (tidak dihentikan)")
  String debrief_outcome_succeeded();

  @Message("dihentikan")
  String debrief_outcome_stopped();

  @Message("tidak dijalankan")
  String debrief_outcome_not_run();

  @Message("Keluaran langkah")
  String debrief_output();

  @Message("Tick {tick}")
  String debrief_tick(long tick);

  @Message("baik")
  String debrief_check_ok();

  @Message("mati")
  String debrief_check_down();

  @Message("rusak")
  String debrief_check_faulty();

  @Message("disusupi")
  String debrief_check_compromised();

  @Message("tidak diperiksa")
  String debrief_check_not_checked();

  @Message("{total} poin")
  String debrief_points(int total);

  @Message("layanan {service}, bertahan {defended}, diserang {attacked}, disusupi {compromised}")
  String debrief_points_parts(int service, int defended, int attacked, int compromised);

  @Message("belum dibayarkan (tantangan tidak terbuka)")
  String debrief_unpaid();

  @Message("Sesi terminal oleh {actor}")
  String debrief_terminal(String actor);

  @Message("host {host}")
  String debrief_terminal_host(String host);

  @Message("masih terbuka")
  String debrief_terminal_open();

  @Message("{bytes} bita terekam")
  String debrief_terminal_bytes(long bytes);

  @Message("terpotong pada batas rekaman")
  String debrief_truncated();

  @Message("Putar ulang")
  String debrief_replay();

  @Message("Putar ulang sesi terminal {actor}")
  String debrief_player(String actor);

  @Message("Belum ada yang tercatat untuk lab ini.")
  String debrief_empty();

  @Message("Dinding skenario langsung")
  String wall_title();

  @Message("Belum ada tantangan dengan skenario.")
  String wall_none();

  @Message("Dinding: {name}")
  String wall_challenge_title(String name);

  @Message("Peserta × layanan")
  String wall_grid();

  @Message("Peserta")
  String wall_participant();

  @Message("Lab")
  String wall_lab_state();

  @Message("Tick")
  String wall_tick();

  @Message("Belum ada peserta yang memulai lab ini.")
  String wall_no_participants();

  @Message("Peta panas langkah penyerang")
  String wall_heat();

  @Message("Berapa peserta yang berhasil diserang oleh setiap langkah, dari peserta yang diserangnya.")
  String wall_heat_lead();

  @Message("Langkah")
  String wall_col_step();

  @Message("Teknik")
  String wall_col_technique();

  @Message("Berhasil terhadap")
  String wall_col_succeeded();

  @Message("Bagian")
  String wall_col_share();

  @Message("baik")
  String wall_status_ok();

  @Message("bermasalah")
  String wall_status_faulty();

  @Message("mati")
  String wall_status_down();

  @Message("disusupi")
  String wall_status_compromised();

  @Message("tidak diperiksa")
  String wall_status_not_checked();

  @Message("{succeeded} dari {participants}")
  String wall_of(long succeeded, long participants);

  @Message("%s dari %s")
  String wall_of_live();

  @Message("Tim")
  String livefire_col_team();

  @Message("Peserta")
  String livefire_field_mode();

  @Message("Per peserta (satu lab per peserta)")
  String livefire_mode_individual();

  @Message("Per tim (satu lab per tim, poin untuk tim)")
  String livefire_mode_team();

  @Message("latihan tim")
  String livefire_teams();
}
