package id.born2control.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;

/** Stores a list of names (cohorts, challenge slugs) as a JSON array in a text column. */
@Converter
class NameListConverter implements AttributeConverter<List<String>, String> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String convertToDatabaseColumn(List<String> names) {
    try {
      return JSON.writeValueAsString(names == null ? List.of() : names);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("names cannot be written as JSON", e);
    }
  }

  @Override
  public List<String> convertToEntityAttribute(String stored) {
    try {
      return stored == null ? new ArrayList<>()
          : new ArrayList<>(JSON.readValue(stored, new TypeReference<List<String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored list of names cannot be read", e);
    }
  }
}
