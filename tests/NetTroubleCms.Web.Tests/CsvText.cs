using System.Text;

namespace NetTroubleCms.Web.Tests;

/// <summary>Reads CSV the way a spreadsheet does, written apart from the export code under test.</summary>
public static class CsvText
{
    /// <summary>The records of <paramref name="csv"/>. RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks; records end with CRLF.</summary>
    public static List<string[]> Rows(string csv)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.Empty(row);
        Assert.Equal(0, cell.Length);
        return rows;
    }
}
