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
}
